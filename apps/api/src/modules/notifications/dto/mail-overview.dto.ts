import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsUUID } from 'class-validator';

export class MailFailureDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'What the mail was (a notification kind, digest, ...); never its content' }) kind!: string;
  @ApiProperty() toAddress!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, nullable: true, description: "The mail server's answer to the last try" }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) failedAt!: string | null;
}

export class MailOverviewDto {
  @ApiProperty({ description: 'Whether this installation sends e-mail (MAIL_ENABLED)' }) enabled!: boolean;
  @ApiProperty({ description: 'Mails waiting to be sent or being sent' }) pending!: number;
  @ApiProperty({ description: 'Mails given up (all time)' }) failed!: number;
  @ApiProperty({ description: 'Mails sent in the last 24 hours' }) sentLastDay!: number;
  @ApiProperty({ type: [MailFailureDto], description: 'The most recent mails given up, newest first' }) failures!: MailFailureDto[];
}

export class RetryMailsDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('4', { each: true })
  ids!: string[];
}

export class RetryMailsResultDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'The failed mails queued again (others were not failed, or had nothing left to send)' })
  requeued!: string[];
}
