import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CALL_STATES, MAX_PAGE_SIZE, PRESENCE_STATUSES, QUEUE_PRIORITIES, RING_TARGET_KINDS, TRANSFER_MODES, RING_TARGET_ADDRESS_MAX } from '@mayak/domain';
import { trim } from '#api/core/http/transforms';
import { UserRefDto } from '#api/modules/cases/dto/case.dto';

export class CallDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) officeId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) contactId!: string | null;
  @ApiProperty({ enum: ['inbound', 'outbound'] }) direction!: 'inbound' | 'outbound';
  @ApiProperty({ enum: ['hotline', 'callback', 'consult'] }) purpose!: 'hotline' | 'callback' | 'consult';
  @ApiProperty({ enum: CALL_STATES, enumName: 'CallState' }) state!: (typeof CALL_STATES)[number];
  @ApiProperty({ type: String, nullable: true, description: 'answered, missed, abandoned, failed, transferred' }) outcome!: string | null;
  @ApiProperty({ type: String, nullable: true }) language!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The caller’s number, masked unless you may view identifiers; null when withheld' }) phone!:
    string | null;
  @ApiProperty() masked!: boolean;
  @ApiProperty({ type: UserRefDto, nullable: true, description: 'Who has the call now' }) operator!: UserRefDto | null;
  @ApiProperty({ type: UserRefDto, nullable: true, description: 'A warm transfer waiting for this colleague' }) transferTo!: UserRefDto | null;
  @ApiProperty({ type: String, enum: TRANSFER_MODES, nullable: true }) transferMode!: 'warm' | 'cold' | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) queuedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds in the queue so far, while waiting' }) waitingSeconds!: number | null;
  @ApiProperty({ enum: QUEUE_PRIORITIES, enumName: 'QueuePriority', description: 'urgent (at risk) and callback_promised callers are answered first' })
  queuePriority!: (typeof QUEUE_PRIORITIES)[number];
  @ApiProperty({ type: Number, nullable: true, description: 'While waiting: the place in the office’s queue (1 is answered next)' }) queuePosition!:
    number | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'While waiting: until then the call rings only for operators who speak its language (null: it rings for everyone)',
  })
  ringsEveryoneAt!: string | null;
  @ApiProperty() version!: number;
}

export class RingTargetInput {
  @ApiProperty({ enum: RING_TARGET_KINDS, enumName: 'RingTargetKind' })
  @IsIn(RING_TARGET_KINDS)
  kind!: 'console' | 'phone' | 'sip';

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Phone number (any format) or sip: address; not for console' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(RING_TARGET_ADDRESS_MAX)
  address?: string | null;
}

export class SetPresenceDto {
  @ApiProperty({ enum: ['available', 'away'] })
  @IsIn(['available', 'away'])
  status!: 'available' | 'away';

  @ApiPropertyOptional({ type: RingTargetInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => RingTargetInput)
  ringTarget?: RingTargetInput;
}

export class RingTargetDto {
  @ApiProperty({ enum: RING_TARGET_KINDS, enumName: 'RingTargetKind' }) kind!: 'console' | 'phone' | 'sip';
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
}

export class PresenceDto {
  @ApiProperty({
    enum: PRESENCE_STATUSES,
    enumName: 'PresenceStatus',
    description: 'wrap_up: after a call, out of the ring until wrapUpUntil or until the call’s contact is completed',
  })
  status!: 'available' | 'busy' | 'wrap_up' | 'away';
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'While in wrap-up: when it ends by itself' }) wrapUpUntil!: string | null;
  @ApiProperty({ type: RingTargetDto }) ringTarget!: RingTargetDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
}

export class OperatorOnDutyDto {
  @ApiProperty({ type: UserRefDto }) user!: UserRefDto;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ enum: PRESENCE_STATUSES, enumName: 'PresenceStatus' }) status!: 'available' | 'busy' | 'wrap_up' | 'away';
}

export class TransferCallDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  toUserId!: string;

  @ApiProperty({ enum: TRANSFER_MODES, enumName: 'TransferMode' })
  @IsIn(TRANSFER_MODES)
  mode!: 'warm' | 'cold';
}

export class CursorPageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class SoftphoneTokenDto {
  @ApiProperty({
    enum: ['twilio', 'local'],
    description: 'twilio: start a Voice SDK Device with the token; local: the console talks to the local adapter (no audio)',
  })
  provider!: 'twilio' | 'local';
  @ApiProperty({ description: 'The name this operator’s softphone registers under (a Twilio Client identity)' }) identity!: string;
  @ApiProperty({ type: String, nullable: true, description: 'A Twilio access token (JWT with a VoiceGrant); null with the local adapter' }) token!:
    string | null;
  @ApiProperty({ format: 'date-time', description: 'Ask for a new token before this' }) expiresAt!: string;
}

export class OpeningPeriodDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 Monday .. 7 Sunday' })
  @IsInt()
  @Min(1)
  @Max(7)
  day!: number;
  @ApiProperty({ minimum: 0, maximum: 1439, description: 'Minutes after local midnight' })
  @IsInt()
  @Min(0)
  @Max(1439)
  start!: number;
  @ApiProperty({ minimum: 1, maximum: 1440, description: 'Minutes after local midnight, exclusive' })
  @IsInt()
  @Min(1)
  @Max(1440)
  end!: number;
}

export class OpeningHoursDto {
  @ApiProperty({ type: [OpeningPeriodDto] })
  @IsArray()
  @ArrayMaxSize(70)
  @ValidateNested({ each: true })
  @Type(() => OpeningPeriodDto)
  periods!: OpeningPeriodDto[];
  @ApiProperty({ type: [String], example: ['2026-12-16'], description: 'Local days (yyyy-mm-dd) closed all day' })
  @IsArray()
  @ArrayMaxSize(366)
  @IsString({ each: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true })
  holidays!: string[];
}

export class LineDto {
  @ApiProperty({ example: '+77000011616' }) lineNumber!: string;
  @ApiProperty({ format: 'uuid' }) officeId!: string;
  @ApiProperty() officeCode!: string;
  @ApiProperty({ example: 'Asia/Almaty' }) timeZone!: string;
  @ApiProperty({ type: OpeningHoursDto, nullable: true, description: 'null: open around the clock' }) openingHours!: OpeningHoursDto | null;
  @ApiProperty({ enum: ['message', 'voicemail', 'forward'], enumName: 'AfterHours' }) afterHours!: 'message' | 'voicemail' | 'forward';
  @ApiProperty({ type: String, nullable: true }) forwardTo!: string | null;
  @ApiProperty() openNow!: boolean;
  @ApiProperty({ description: '0 until the line is first configured; send back on update' }) version!: number;
}

export class UpdateLineDto {
  @ApiProperty()
  @IsInt()
  @Min(0)
  version!: number;
  @ApiProperty({ type: OpeningHoursDto, nullable: true, description: 'null: open around the clock' })
  @ValidateIf((o: UpdateLineDto) => o.openingHours !== null)
  @IsObject()
  @ValidateNested()
  @Type(() => OpeningHoursDto)
  openingHours!: OpeningHoursDto | null;
  @ApiProperty({
    enum: ['message', 'voicemail', 'forward'],
    enumName: 'AfterHours',
    description:
      'message: callers are told we are closed and owed a callback; voicemail: that, and they may leave a message; forward: put through to forwardTo',
  })
  @IsIn(['message', 'voicemail', 'forward'])
  afterHours!: 'message' | 'voicemail' | 'forward';
  @ApiPropertyOptional({ type: String, nullable: true, example: '+77172000000' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  forwardTo?: string | null;
}

export class VoicemailDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) contactId!: string | null;
  @ApiProperty({ format: 'uuid' }) callId!: string;
  @ApiProperty({ type: Number, nullable: true }) durationSeconds!: number | null;
  @ApiProperty({
    enum: ['pending', 'stored', 'failed', 'erased'],
    enumName: 'VoicemailStatus',
    description: 'pending: being fetched from the telephone network',
  })
  status!: 'pending' | 'stored' | 'failed' | 'erased';
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class VoicemailsQuery {
  @ApiProperty({ format: 'uuid', description: 'The contact the voicemail came with' })
  @IsUUID()
  contactId!: string;
}
