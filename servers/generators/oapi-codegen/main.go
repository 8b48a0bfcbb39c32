// A TAXII 2.1 server built on the code oapi-codegen generates from this project's server variant
// (taxii21.server.yaml): the generated chi routes and strict interface call the handlers in
// handlers.go; everything in this folder but taxii/ is hand-written.
//
//	taxii-server-go config.json
package main

import (
	"fmt"
	"net"
	"net/http"
	"os"

	"github.com/go-chi/chi/v5"

	"taxiiserver/taxii"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: taxii-server-go <config.json>")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "taxii-server-go:", err)
		os.Exit(1)
	}
}

func run(configPath string) error {
	settings, err := loadConfig(configPath)
	if err != nil {
		return err
	}
	s := &server{store: &store{}, title: settings.Title, description: settings.Description}
	if s.roots, err = s.store.build(settings); err != nil {
		return err
	}
	for _, r := range settings.APIRoots {
		s.order = append(s.order, r.Name)
	}
	users := map[string]string{}
	for _, u := range settings.Users {
		users[u.Name] = u.Password
	}

	router := chi.NewRouter()
	router.Use(authenticate(users), negotiate(s.roots))
	router.NotFound(func(w http.ResponseWriter, r *http.Request) {
		failure(404, "Nothing at %s: TAXII endpoints end in /, discovery is /taxii2/.", r.URL.Path).write(w)
	})
	router.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		failure(405, "%s is not an operation of %s.", r.Method, r.URL.Path).write(w)
	})
	strict := taxii.NewStrictHandlerWithOptions(s, nil, taxii.StrictHTTPServerOptions{RequestErrorHandlerFunc: badRequest, ResponseErrorHandlerFunc: internalError})
	handler := taxii.HandlerWithOptions(strict, taxii.ChiServerOptions{BaseRouter: router, ErrorHandlerFunc: badRequest})

	listener, err := net.Listen("tcp", settings.Listen)
	if err != nil {
		return err
	}
	fmt.Printf("TAXII 2.1 server: discovery at http://%s/taxii2/\n", listener.Addr())
	return http.Serve(listener, handler)
}
