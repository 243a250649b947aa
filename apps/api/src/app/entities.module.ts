import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ENTITIES } from './entities';

/**
 * Registers every entity with the data source (core's DatabaseModule loads whatever is registered):
 * each process imports it once, so the API, the worker and the command-line tools all know the same tables.
 */
@Module({ imports: [TypeOrmModule.forFeature(ENTITIES)] })
export class EntitiesModule {}
