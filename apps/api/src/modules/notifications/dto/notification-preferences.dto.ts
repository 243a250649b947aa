import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_DELIVERIES, NOTIFICATION_KINDS, type NotificationDelivery, type NotificationKind } from '@mayak/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, ValidateNested } from 'class-validator';

export class NotificationPreferenceDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS, enumName: 'NotificationKind' })
  @IsIn(NOTIFICATION_KINDS)
  kind!: NotificationKind;

  @ApiProperty({
    enum: NOTIFICATION_DELIVERIES,
    enumName: 'NotificationDelivery',
    description: 'immediate: a mail at once; digest: one mail a day at the digest hour of your office; never: no mail',
  })
  @IsIn(NOTIFICATION_DELIVERIES)
  delivery!: NotificationDelivery;
}

export class NotificationPreferencesDto {
  @ApiProperty({ description: 'Whether this installation sends e-mail at all (MAIL_ENABLED)' }) mailEnabled!: boolean;
  @ApiProperty({ description: 'Where the mails go: the address of your account' }) email!: string;
  @ApiProperty({ minimum: 0, maximum: 23, description: "The hour of your office's day the digest goes out" }) digestHour!: number;
  @ApiProperty({ type: [NotificationPreferenceDto], description: 'Every kind your roles receive, with how it reaches you' })
  items!: NotificationPreferenceDto[];
}

export class UpdateNotificationPreferencesDto {
  @ApiProperty({ type: [NotificationPreferenceDto], maxItems: NOTIFICATION_KINDS.length, description: 'The kinds to change; others keep their setting' })
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @ValidateNested({ each: true })
  @Type(() => NotificationPreferenceDto)
  items!: NotificationPreferenceDto[];
}
