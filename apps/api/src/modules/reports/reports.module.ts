import { Module } from '@nestjs/common';
import { DashboardsModule } from '../dashboards/dashboards.module';
import { MonthlyReportService } from './monthly-report.service';
import { ReportsController } from './reports.controller';

@Module({
  imports: [DashboardsModule],
  controllers: [ReportsController],
  providers: [MonthlyReportService],
})
export class ReportsModule {}
