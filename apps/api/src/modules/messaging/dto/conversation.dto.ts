import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { MESSAGE_CHANNELS, MESSAGE_CONTENT_KINDS, type MessageChannel, type MessageContentKind } from '@mayak/domain';
import { trim } from '#api/core/http/transforms';
import { UserRefDto } from '#api/modules/cases/dto/case.dto';
import { FlagDto } from '#api/modules/people/dto/person.dto';
import { CursorPageQuery } from '#api/modules/telephony/dto/telephony.dto';

export class ReplyWindowDto {
  @ApiProperty({
    enum: ['open', 'templates_only'],
    enumName: 'ReplyWindowKind',
    description: 'templates_only: WhatsApp’s 24 hours since the person’s last message are over; only an approved template may be sent',
  })
  kind!: 'open' | 'templates_only';
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When free text stops being allowed (WhatsApp), or closed' }) closesAt!:
    string | null;
}

export class ConversationRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MESSAGE_CHANNELS, enumName: 'MessageChannel' }) channel!: MessageChannel;
}

export class ConversationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) officeId!: string;
  @ApiProperty({ enum: MESSAGE_CHANNELS, enumName: 'MessageChannel' }) channel!: MessageChannel;
  @ApiProperty({
    type: String,
    description: 'Where the person is reached on the channel (their number, or their Telegram user), masked unless you may view identifiers',
  })
  address!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Their phone number where known, masked unless you may view identifiers' }) phone!: string | null;
  @ApiProperty() masked!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The name the person shows on the channel (WhatsApp profile), masked like names' }) displayName!:
    string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) contactId!: string | null;
  @ApiProperty({ format: 'date-time' }) lastMessageAt!: string;
  @ApiProperty({ enum: ['inbound', 'outbound'] }) lastDirection!: 'inbound' | 'outbound';
  @ApiProperty() unanswered!: number;
  @ApiProperty({ type: ReplyWindowDto }) replyWindow!: ReplyWindowDto;
  @ApiProperty({ type: UserRefDto, nullable: true, description: 'Who is answering it (holds its open contact); null: nobody yet' }) holder!: UserRefDto | null;
  @ApiProperty({ type: [ConversationRefDto], description: 'The same caller’s conversations on other channels (the same phone number), in your offices' })
  sameCaller!: ConversationRefDto[];
  @ApiProperty({ type: [FlagDto], description: 'Flags on this number (e.g. do not call back)' }) flags!: FlagDto[];
}

export class ConversationPageDto {
  @ApiProperty({ type: [ConversationDto] }) items!: ConversationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty() limit!: number;
}

export class MessageLocationDto {
  @ApiProperty() latitude!: string;
  @ApiProperty() longitude!: string;
  @ApiPropertyOptional() address?: string;
  @ApiPropertyOptional() label?: string;
}

export class MessageDetailsDto {
  @ApiProperty({ type: [String], description: 'The media types of what was attached (the files themselves are not fetched yet)' }) mediaTypes!: string[];
  @ApiProperty({ type: MessageLocationDto, nullable: true }) location!: MessageLocationDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'The button the person pressed' }) button!: string | null;
  @ApiProperty() forwarded!: boolean;
}

export class MessageAttachmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: ['pending', 'stored', 'rejected', 'failed', 'erased'],
    enumName: 'AttachmentStatus',
    description: 'pending: being fetched; rejected: not kept (rejectReason); failed: the channel never served it; erased: by retention',
  })
  status!: 'pending' | 'stored' | 'rejected' | 'failed' | 'erased';
  @ApiProperty({ description: 'What it is (read from its bytes once stored; what the channel declared before)' }) contentType!: string;
  @ApiProperty({ type: Number, nullable: true }) sizeBytes!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'too_large, empty or type_not_allowed' }) rejectReason!: string | null;
}

export class SentFileDto {
  @ApiProperty({ format: 'uuid', description: 'Open it at /knowledge/files/{id}/content' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() sizeBytes!: number;
}

export class ConversationMessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) contactId!: string | null;
  @ApiProperty({ enum: ['inbound', 'outbound'] }) direction!: 'inbound' | 'outbound';
  @ApiProperty() body!: string;
  @ApiProperty({ enum: MESSAGE_CONTENT_KINDS, enumName: 'MessageContentKind' }) contentKind!: MessageContentKind;
  @ApiProperty({ type: MessageDetailsDto, nullable: true }) details!: MessageDetailsDto | null;
  @ApiProperty({ type: [MessageAttachmentDto], description: 'Files that came with it; open one at /attachments/{id}/content' })
  attachments!: MessageAttachmentDto[];
  @ApiProperty({ type: SentFileDto, nullable: true, description: 'The knowledge-base file the line sent with it' }) file!: SentFileDto | null;
  @ApiProperty({ description: 'received, queued, sent, delivered, read, undelivered or failed' }) status!: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) sentBy!: UserRefDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) errorCode!: string | null;
}

export class ConversationMessagePageDto {
  @ApiProperty({ type: [ConversationMessageDto], description: 'Newest first' }) items!: ConversationMessageDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty() limit!: number;
}

export class SendMessageDto {
  @ApiProperty({ minLength: 1, maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @Length(1, 1000)
  body!: string;
}

export class SendFileDto {
  @ApiProperty({ format: 'uuid', description: 'A file of a published knowledge-base article' })
  @IsUUID()
  fileId!: string;

  @ApiPropertyOptional({ maxLength: 1000, description: 'Text sent with the file' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  caption?: string;
}

export class AssignConversationDto {
  @ApiProperty({ format: 'uuid', description: 'A colleague of the conversation’s office who answers conversations' })
  @IsUUID()
  userId!: string;
}

export class ConversationsQuery extends CursorPageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  officeId?: string;

  @ApiPropertyOptional({ enum: MESSAGE_CHANNELS, enumName: 'MessageChannel' })
  @IsOptional()
  @IsIn(MESSAGE_CHANNELS)
  channel?: MessageChannel;

  @ApiPropertyOptional({
    enum: ['me', 'nobody'],
    enumName: 'ConversationHolderFilter',
    description: 'me: those I am answering; nobody: those nobody has taken',
  })
  @IsOptional()
  @IsIn(['me', 'nobody'])
  holder?: 'me' | 'nobody';

  @ApiPropertyOptional({ description: 'Only conversations with messages nobody has answered' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unanswered?: boolean;
}
