package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// ParseOrigins checks that each entry is a browser origin, scheme and host
// with an optional port and nothing else, such as https://innboks.example.no.
func ParseOrigins(origins []string) ([]string, error) {
	parsed := make([]string, 0, len(origins))
	for _, origin := range origins {
		u, err := url.Parse(origin)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return nil, fmt.Errorf("%q is not an origin: give scheme and host, with a port if needed, such as https://innboks.example.no", origin)
		}
		parsed = append(parsed, u.Scheme+"://"+strings.ToLower(u.Host))
	}
	return parsed, nil
}

// withCORS lets browser apps served from the allowed origins call the API.
// It responds to their preflight requests itself and marks responses to
// them as shareable. Requests from other origins get no CORS headers, so browsers
// keep their responses from the calling page. Tokens travel in the
// Authorization header, never in cookies, so credentials are not allowed.
func withCORS(allowed []string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" || !slices.Contains(allowed, strings.ToLower(origin)) {
			next.ServeHTTP(w, r)
			return
		}

		h := w.Header()
		h.Add("Vary", "Origin")
		h.Set("Access-Control-Allow-Origin", origin)
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-Id")
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.Set("Access-Control-Expose-Headers", "X-Request-Id, Retry-After")
		next.ServeHTTP(w, r)
	})
}

// originHosts returns the host part of each origin, the form the websocket
// library matches an upgrade request's Origin header against.
func originHosts(origins []string) []string {
	hosts := make([]string, 0, len(origins))
	for _, origin := range origins {
		if u, err := url.Parse(origin); err == nil {
			hosts = append(hosts, u.Host)
		}
	}
	return hosts
}
