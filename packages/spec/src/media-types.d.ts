/** The media type of every TAXII 2.1 request and response body the description names (§1.6.8.1). */
export declare const TAXII_MEDIA_TYPE: 'application/taxii+json;version=2.1';
