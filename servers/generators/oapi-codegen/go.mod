module taxiiserver

go 1.23

require (
	github.com/go-chi/chi/v5 v5.2.1
	github.com/google/uuid v1.6.0
	github.com/oapi-codegen/runtime v1.1.2
)
