export { runConformance, type ConformanceReport } from './run.js';
export type { ConformanceOptions } from './context.js';
export type { CheckResult, Evidence, Outcome } from './check.js';
export { REQUIREMENTS, type Requirement, type Level } from './requirements.js';
export { terminalSummary } from './report/summary.js';
export { junitXml } from './report/junit.js';
export { htmlReport } from './report/html.js';
export { SpecSchemas } from './spec-schemas.js';
export { type Operation } from './http.js';
