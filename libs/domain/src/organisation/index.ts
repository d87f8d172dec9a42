export * from './community.entity.js';
export * from './courtyard.entity.js';
export * from './organisation.errors.js';
export * from './organisation.module.js';
export * from './organisation-scope.js';
export * from './organisation.service.js';
export * from './unit.entity.js';
export * from './unit-community-pairing.entity.js';
