export { createTaxiiApp, type TaxiiAppOptions } from './app.js';
export {
  parseBasicAuthorization,
  parseBearerAuthorization,
  splitSubjectAltNames,
  type CertificateVerifier,
  type CredentialVerifier,
  type LoginAttempt,
  type TokenVerifier,
  type VerifiedCertificate,
} from './auth.js';
export type * from './contract.js';
export { JsonText } from './contract.js';
export { ErrorAnswer, toErrorAnswer, type ErrorResource } from './errors.js';
export { acceptsTaxii, isTaxiiContentType, TAXII_MEDIA_TYPE } from './negotiation.js';
export { dateAddedHeaders, type DateAddedHeaders } from './page-headers.js';
