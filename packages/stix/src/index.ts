export { createStixValidator, type CheckedAs, type StixCheck, type StixValidator, type StixValidatorOptions } from './validator.js';
export { objectsOf, type StixDocumentKind } from './content.js';
export { readCatalogue, type KnownType, type StixCategory } from './catalogue.js';
export { compareTimestamps, timestampKey } from './timestamps.js';
export { isStixType } from './guards.js';
export { openStixSource, readStixBatches, readStixObjects, StixInputError, type ReadOptions, type StixSource } from './read-stream.js';
export type {
  AttackPattern, Campaign, CourseOfAction, Grouping, Identity, Incident, Indicator, Infrastructure, IntrusionSet, Location, Malware,
  MalwareAnalysis, Note, ObservedData, Opinion, Report, ThreatActor, Tool, Vulnerability, Relationship, Sighting, Artifact,
  AutonomousSystem, Directory, DomainName, EmailAddress, EmailMessage, StixFile, IPv4Address, IPv6Address, MacAddress, Mutex, NetworkTraffic,
  Process, Software, Url, UserAccount, WindowsRegistryKey, X509Certificate, LanguageContent, MarkingDefinition, ExtensionDefinition,
  Bundle, KnownStixObject, OtherStixObject, StixObject, StixObjectOfType, StixType,
} from '@taxii21/types';
