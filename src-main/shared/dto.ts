// Data transfer objects: the shapes that cross every transport, as zod schemas with inferred types. Each group
// lives in a file named for what it holds; this module is the one import path for all of them.
export * from './pairs-dto';
export * from './import-dto';
export * from './export-dto';
export * from './jobs-dto';
export * from './project-dto';
export * from './models-dto';
