import { Global, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { BlobStore } from './blob-store';
import { LocalDiskBlobStore } from './local-disk-blob-store';
import { S3BlobStore } from './s3-blob-store';

class BlobStoreShutdown implements OnApplicationShutdown {
  constructor(@Inject(BlobStore) private readonly store: BlobStore) {}

  onApplicationShutdown(): void {
    if (this.store instanceof S3BlobStore) this.store.close();
  }
}

/** The file store (ATTACHMENTS_STORE): a local directory, or an S3-compatible bucket. */
@Global()
@Module({
  providers: [
    {
      provide: BlobStore,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): BlobStore => {
        const storage = config.attachments;
        return storage.store === 's3' ? new S3BlobStore(storage.s3!) : new LocalDiskBlobStore(storage.dir!);
      },
    },
    BlobStoreShutdown,
  ],
  exports: [BlobStore],
})
export class StorageModule {}
