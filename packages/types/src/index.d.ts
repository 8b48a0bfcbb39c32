// The contract lives in ./generated/taxii21.d.ts (openapi-typescript output, never edited by hand).
// These aliases only give its resource schemas short names.
import type { components, operations, paths } from './generated/taxii21.js';

export type { components, operations, paths };

type Schemas = components['schemas'];

export type Discovery = Schemas['Discovery'];
export type ApiRoot = Schemas['ApiRoot'];
export type Collections = Schemas['Collections'];
export type Collection = Schemas['Collection'];
export type Manifest = Schemas['Manifest'];
export type ManifestRecord = Schemas['ManifestRecord'];
export type Envelope = Schemas['Envelope'];
export type AddObjectsEnvelope = Schemas['AddObjectsEnvelope'];
export type StixObject = Schemas['StixObject'];

// STIX 2.1 objects (STIX 2.1 §4–§8). An envelope item is a `StixObject`: a `KnownStixObject`,
// which narrows on `type`, or an `OtherStixObject` (custom types, STIX 2.0, later versions).
export type KnownStixObject = Schemas['KnownStixObject'];
export type OtherStixObject = Schemas['OtherStixObject'];
/** The `type` of every object STIX 2.1 defines. */
export type StixType = KnownStixObject['type'];
/** The schema of one STIX 2.1 type: `StixObjectOfType<'indicator'>` is `Indicator`. */
export type StixObjectOfType<T extends StixType> = Extract<KnownStixObject, { type: T }>;
export type AttackPattern = Schemas['AttackPattern'];
export type Campaign = Schemas['Campaign'];
export type CourseOfAction = Schemas['CourseOfAction'];
export type Grouping = Schemas['Grouping'];
export type Identity = Schemas['Identity'];
export type Incident = Schemas['Incident'];
export type Indicator = Schemas['Indicator'];
export type Infrastructure = Schemas['Infrastructure'];
export type IntrusionSet = Schemas['IntrusionSet'];
export type Location = Schemas['Location'];
export type Malware = Schemas['Malware'];
export type MalwareAnalysis = Schemas['MalwareAnalysis'];
export type Note = Schemas['Note'];
export type ObservedData = Schemas['ObservedData'];
export type Opinion = Schemas['Opinion'];
export type Report = Schemas['Report'];
export type ThreatActor = Schemas['ThreatActor'];
export type Tool = Schemas['Tool'];
export type Vulnerability = Schemas['Vulnerability'];
export type Relationship = Schemas['Relationship'];
export type Sighting = Schemas['Sighting'];
export type Artifact = Schemas['Artifact'];
export type AutonomousSystem = Schemas['AutonomousSystem'];
export type Directory = Schemas['Directory'];
export type DomainName = Schemas['DomainName'];
export type EmailAddress = Schemas['EmailAddress'];
export type EmailMessage = Schemas['EmailMessage'];
export type StixFile = Schemas['StixFile'];
export type IPv4Address = Schemas['IPv4Address'];
export type IPv6Address = Schemas['IPv6Address'];
export type MacAddress = Schemas['MacAddress'];
export type Mutex = Schemas['Mutex'];
export type NetworkTraffic = Schemas['NetworkTraffic'];
export type Process = Schemas['Process'];
export type Software = Schemas['Software'];
export type Url = Schemas['Url'];
export type UserAccount = Schemas['UserAccount'];
export type WindowsRegistryKey = Schemas['WindowsRegistryKey'];
export type X509Certificate = Schemas['X509Certificate'];
export type LanguageContent = Schemas['LanguageContent'];
export type MarkingDefinition = Schemas['MarkingDefinition'];
export type ExtensionDefinition = Schemas['ExtensionDefinition'];
export type Bundle = Schemas['Bundle'];
export type ExternalReference = Schemas['ExternalReference'];
export type KillChainPhase = Schemas['KillChainPhase'];
export type GranularMarking = Schemas['GranularMarking'];
export type Hashes = Schemas['Hashes'];
export type Status = Schemas['Status'];
export type StatusDetails = Schemas['StatusDetails'];
export type Versions = Schemas['Versions'];
export type ErrorMessage = Schemas['ErrorMessage'];
export type TaxiiTimestamp = Schemas['TaxiiTimestamp'];
export type StixTimestamp = Schemas['StixTimestamp'];
export type ApiRootUrl = Schemas['ApiRootUrl'];

/** The operationIds of TAXII 2.1, one per endpoint. */
export type OperationId = keyof operations;

/** The query parameters an operation accepts, `match` filters included. */
export type QueryOf<Op extends OperationId> = NonNullable<operations[Op]['parameters']['query']>;

/** The media type of every TAXII 2.1 response body. */
export type TaxiiMediaType = 'application/taxii+json;version=2.1';
