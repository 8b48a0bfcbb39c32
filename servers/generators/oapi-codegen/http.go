// What every request goes through before a handler sees it: credentials (Basic), the TAXII media
// types (406, 415), the API root's body limit (413), and filters the server does not know (400);
// and the one error type every handler and every refusal answers with, a TAXII error resource.
package main

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

const taxiiMediaType = "application/taxii+json;version=2.1"

// taxiiError is a TAXII error resource (§3.6.1) with its HTTP status. It is an answer of every
// operation: it implements each Visit…Response method of the generated strict interface.
type taxiiError struct {
	Status      int    `json:"http_status,string"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

var statusTitles = map[int]string{400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed", 406: "Not acceptable", 413: "Content too large", 415: "Unsupported media type", 500: "Internal error"}

func failure(status int, format string, args ...any) *taxiiError {
	return &taxiiError{Status: status, Title: statusTitles[status], Description: fmt.Sprintf(format, args...)}
}

func (e *taxiiError) write(w http.ResponseWriter) error {
	if e.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="TAXII", charset="UTF-8"`)
	}
	return writeJSON(w, e.Status, e)
}

func writeJSON(w http.ResponseWriter, status int, body any) error {
	w.Header().Set("Content-Type", taxiiMediaType)
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(body)
}

type userKey struct{}

// currentUser is the name the request authenticated as.
func currentUser(ctx context.Context) string { return ctx.Value(userKey{}).(string) }

// authenticate answers 401 with a Basic challenge unless the request carries a known user's
// password.
func authenticate(users map[string]string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			name, password, ok := r.BasicAuth()
			known, exists := users[name]
			if !ok || !exists || subtle.ConstantTimeCompare([]byte(password), []byte(known)) != 1 {
				failure(401, "Send a user name and password with HTTP Basic authentication.").write(w)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), userKey{}, name)))
		})
	}
}

// isTaxii21 says whether a media type is TAXII 2.1: application/taxii+json, with no version or
// version=2.1 (§1.6.8).
func isTaxii21(mediaType string) bool {
	base, params, err := mime.ParseMediaType(mediaType)
	if err != nil || base != "application/taxii+json" {
		return false
	}
	version, given := params["version"]
	return !given || version == "2.1"
}

// acceptsTaxii says whether an Accept header lets the server answer with TAXII 2.1 JSON.
func acceptsTaxii(accept string) bool {
	if strings.TrimSpace(accept) == "" {
		return true
	}
	for _, item := range strings.Split(accept, ",") {
		base := strings.TrimSpace(strings.Split(item, ";")[0])
		if base == "*/*" || base == "application/*" || isTaxii21(strings.TrimSpace(item)) {
			return true
		}
	}
	return false
}

var knownFilters = map[string]bool{"match[id]": true, "match[type]": true, "match[version]": true, "match[spec_version]": true}

// negotiate refuses what the server cannot answer or read before routing: 406, 415, 413 and
// unknown match[...] fields (400).
func negotiate(roots map[string]*apiRoot) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !acceptsTaxii(r.Header.Get("Accept")) {
				failure(406, "This server answers with %s only; send it in Accept.", taxiiMediaType).write(w)
				return
			}
			for name := range r.URL.Query() {
				if strings.HasPrefix(name, "match[") && !knownFilters[name] {
					failure(400, "%s is not a filter of TAXII 2.1: use match[id], match[type], match[version] or match[spec_version].", name).write(w)
					return
				}
			}
			if r.Method == http.MethodPost {
				if !isTaxii21(r.Header.Get("Content-Type")) {
					failure(415, "Send the envelope as %s.", taxiiMediaType).write(w)
					return
				}
				// oapi-codegen's strict handler picks the request body by media-type prefix, so
				// `application/taxii+json;version=2.1` matches both of addObjects' bodies and the
				// second decode reads an empty stream (400). One spelling reaches it.
				r.Header.Set("Content-Type", "application/taxii+json")
				if root := roots[strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")[0]]; root != nil {
					if r.ContentLength > int64(root.maxContentLength) {
						failure(413, "The body is larger than this API root's max_content_length, %d bytes.", root.maxContentLength).write(w)
						return
					}
					// Read whole here: the generated decoder stops at the end of the JSON value and
					// would never see padding after it that takes the body past the limit.
					body, err := io.ReadAll(io.LimitReader(r.Body, int64(root.maxContentLength)+1))
					if err != nil {
						failure(400, "The body could not be read: %s", err).write(w)
						return
					}
					if len(body) > root.maxContentLength {
						failure(413, "The body is larger than this API root's max_content_length, %d bytes.", root.maxContentLength).write(w)
						return
					}
					r.Body = io.NopCloser(bytes.NewReader(body))
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// badRequest answers a request the generated code could not read: a parameter of the wrong type,
// or a body that is not JSON.
func badRequest(w http.ResponseWriter, r *http.Request, err error) {
	failure(400, "%s", err.Error()).write(w)
}

func internalError(w http.ResponseWriter, r *http.Request, err error) {
	failure(500, "%s", err.Error()).write(w)
}
