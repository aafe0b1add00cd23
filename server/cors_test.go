package server

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestParseOrigins(t *testing.T) {
	got, err := ParseOrigins([]string{"https://Innboks.example.no", "http://127.0.0.1:5173/"})
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != "https://innboks.example.no" || got[1] != "http://127.0.0.1:5173" {
		t.Fatalf("ParseOrigins = %v", got)
	}

	for _, bad := range []string{"innboks.example.no", "https://innboks.example.no/app", "ftp://x.no", "https://", "https://a.no?x=1", "https://user@a.no"} {
		if _, err := ParseOrigins([]string{bad}); err == nil {
			t.Errorf("ParseOrigins(%q) succeeded, want an error", bad)
		}
	}
}

func TestCORS(t *testing.T) {
	allowed := []string{"https://innboks.example.no"}
	reached := false
	handler := withCORS(allowed, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		reached = true
		w.WriteHeader(http.StatusOK)
	}))
	do := func(method, origin string) *httptest.ResponseRecorder {
		reached = false
		req := httptest.NewRequest(method, "/graphql", nil)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if method == http.MethodOptions {
			req.Header.Set("Access-Control-Request-Method", "POST")
		}
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		return rec
	}

	t.Run("preflight from allowed origin", func(t *testing.T) {
		rec := do(http.MethodOptions, "https://innboks.example.no")
		if rec.Code != http.StatusNoContent {
			t.Fatalf("status = %d, want 204", rec.Code)
		}
		if rec.Header().Get("Access-Control-Allow-Origin") != "https://innboks.example.no" {
			t.Fatalf("Allow-Origin = %q", rec.Header().Get("Access-Control-Allow-Origin"))
		}
		if rec.Header().Get("Access-Control-Allow-Headers") == "" {
			t.Fatal("preflight without Allow-Headers")
		}
		if reached {
			t.Fatal("preflight reached the GraphQL handler")
		}
	})

	t.Run("request from allowed origin", func(t *testing.T) {
		rec := do(http.MethodPost, "https://innboks.example.no")
		if rec.Header().Get("Access-Control-Allow-Origin") != "https://innboks.example.no" || !reached {
			t.Fatalf("Allow-Origin = %q, reached = %v", rec.Header().Get("Access-Control-Allow-Origin"), reached)
		}
		if rec.Header().Get("Access-Control-Allow-Credentials") != "" {
			t.Fatal("credentials allowed; tokens travel in a header, not cookies")
		}
	})

	t.Run("other origin gets no CORS headers", func(t *testing.T) {
		for _, method := range []string{http.MethodOptions, http.MethodPost} {
			rec := do(method, "https://evil.example.com")
			if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
				t.Fatalf("%s: Allow-Origin = %q for a foreign origin", method, got)
			}
		}
	})

	t.Run("same-origin request passes through", func(t *testing.T) {
		rec := do(http.MethodPost, "")
		if !reached || rec.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Fatalf("reached = %v, Allow-Origin = %q", reached, rec.Header().Get("Access-Control-Allow-Origin"))
		}
	})
}
