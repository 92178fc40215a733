// class-transformer keeps its decorators' metadata in a store its index does not export.
declare module 'class-transformer/cjs/storage.js' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage.js';
}
