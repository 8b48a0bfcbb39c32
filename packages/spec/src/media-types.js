// TAXII's media types, in a module of their own that imports nothing, so that code for browsers
// (the client's core) can take them without the description's file paths and readers.

/** The media type of every TAXII 2.1 request and response body the description names (§1.6.8.1). */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
