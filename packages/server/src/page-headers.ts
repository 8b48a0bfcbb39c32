// X-TAXII-Date-Added-First / -Last (SRV-GEN-04): present exactly when a page holds a record, and
// describing the page returned (SRV-FLT-09).

export type DateAddedHeaders = {
  'X-TAXII-Date-Added-First'?: string;
  'X-TAXII-Date-Added-Last'?: string;
};

/** The date-added headers for a page of records sorted oldest first. */
export function dateAddedHeaders(records: ReadonlyArray<{ date_added: string }>): DateAddedHeaders {
  const first = records[0];
  const last = records[records.length - 1];
  if (!first || !last) return {};
  return { 'X-TAXII-Date-Added-First': first.date_added, 'X-TAXII-Date-Added-Last': last.date_added };
}
