export * from './engine';
export * from './events';
export type { SecretProvider } from './runtime';
export { PlanError } from './plan';
export type { NodeOverride, NodeOverrides, NodeOverrideSource } from './overrides';
