import { Module } from '@nestjs/common';
import { CaseExportsService } from './case-exports.service';
import { ExportsController } from './exports.controller';

@Module({
  controllers: [ExportsController],
  providers: [CaseExportsService],
})
export class ExportsModule {}
