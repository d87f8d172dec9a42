export * from './photo-image.js';
export * from './photos.errors.js';
export * from './photos.module.js';
export * from './photos.service.js';
export * from './photos-jobs.module.js';
