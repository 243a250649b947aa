import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Office } from './office.entity';
import { OfficesController } from './offices.controller';
import { OfficesRepository, SqlOfficesRepository } from './offices.repository';
import { OfficesService } from './offices.service';

@Module({
  imports: [TypeOrmModule.forFeature([Office])],
  controllers: [OfficesController],
  providers: [OfficesService, { provide: OfficesRepository, useClass: SqlOfficesRepository }],
  exports: [OfficesService],
})
export class OfficesModule {}
