export * from './grouping';
export * from './report';
