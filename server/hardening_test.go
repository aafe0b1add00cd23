package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"

	"github.com/postvern/postvern/auth"
	"github.com/postvern/postvern/domain"
)

func TestOpenCodeHidesExistence(t *testing.T) {
	s := newScenario(t)
	input := sendInput(confidentialResource, orgX, "Bekymringsmelding sak 24/1837")
	input["idempotentKey"] = "24-1837"
	var sent sendData
	s.ok(s.owner, sendMutation, map[string]any{"input": input}, &sent)

	// Anyone with the source can derive the id from the sender, the key and
	// the recipient.
	derived := domain.IdempotentCorrespondenceID(serviceOwner, "24-1837", domain.OrganizationParty(orgX))
	if sent.SendCorrespondence.Correspondences[0].ID != derived.String() {
		t.Fatalf("stored id %s, derived id %s", sent.SendCorrespondence.Correspondences[0].ID, derived)
	}
	unused := domain.IdempotentCorrespondenceID(serviceOwner, "24-1838", domain.OrganizationParty(orgX))

	probers := map[string]string{
		"organization token":                     s.token(domain.Caller{Organization: orgZ, Scopes: []domain.Scope{domain.ScopeCorrespondenceWrite}}),
		"analyst without the read scope":         s.analyst,
		"person token with only the write scope": s.token(domain.Caller{Person: employee, Scopes: []domain.Scope{domain.ScopeCorrespondenceWrite}}),
	}
	for name, token := range probers {
		t.Run(name, func(t *testing.T) {
			existing := s.do(token, openMutation, map[string]any{"id": derived.String()})
			missing := s.do(token, openMutation, map[string]any{"id": unused.String()})
			if len(existing.Errors) == 0 || len(missing.Errors) == 0 {
				t.Fatalf("open succeeded: existing %s, missing %s", existing.Data, missing.Data)
			}
			if existing.Errors[0].Extensions["code"] != missing.Errors[0].Extensions["code"] || existing.Errors[0].Message != missing.Errors[0].Message {
				t.Errorf("existing id: %v %q; unused id: %v %q", existing.Errors[0].Extensions["code"], existing.Errors[0].Message, missing.Errors[0].Extensions["code"], missing.Errors[0].Message)
			}
		})
	}
}

func TestInboxBodyAfterOpening(t *testing.T) {
	s := newScenario(t)
	id := s.send(ordinaryResource, orgX, "Vedtak")
	s.ok(s.manager, openMutation, map[string]any{"id": id}, nil)

	inbox := s.inbox(s.manager)
	if len(inbox.Inbox.Edges) != 1 {
		t.Fatalf("inbox has %d edges, want 1", len(inbox.Inbox.Edges))
	}
	body := inbox.Inbox.Edges[0].Node.Content.MessageBody
	if body != nil && *body != "Innhold: Vedtak" {
		t.Errorf("inbox messageBody after opening = %q, want the body or null", *body)
	}
}

func TestMissingInputObjectsRejected(t *testing.T) {
	s := newScenario(t)
	send := func(change func(map[string]any)) map[string]any {
		input := sendInput(confidentialResource, orgX, "Uten felt")
		change(input)
		return map[string]any{"input": input}
	}
	resource := func(change func(map[string]any)) map[string]any {
		input := map[string]any{"id": "ny-tjeneste", "owner": serviceOwner, "name": map[string]any{"nb": "Ny"}, "accessPackages": []string{domain.PackageOrdinaryMail}}
		change(input)
		return map[string]any{"input": input}
	}

	tests := []struct {
		name      string
		token     string
		query     string
		variables map[string]any
	}{
		{"send without content", s.owner, sendMutation, send(func(in map[string]any) { delete(in, "content") })},
		{"send with null content", s.owner, sendMutation, send(func(in map[string]any) { in["content"] = nil })},
		{"send with empty content", s.owner, sendMutation, send(func(in map[string]any) { in["content"] = map[string]any{} })},
		{"notification without template", s.owner, sendMutation, send(func(in map[string]any) { in["notification"] = map[string]any{"notificationChannel": "Email"} })},
		{"reference without value", s.owner, sendMutation, send(func(in map[string]any) { in["externalReferences"] = []any{map[string]any{"referenceType": "sak"}} })},
		{"null recipient in list", s.owner, sendMutation, send(func(in map[string]any) { in["recipients"] = []any{nil} })},
		{"resource without name", s.register, registerResourceMutation, resource(func(in map[string]any) { delete(in, "name") })},
		{"resource with null name", s.register, registerResourceMutation, resource(func(in map[string]any) { in["name"] = nil })},
		{"resource literal without name", s.register, `mutation { registerResource(input: {id: "ny-tjeneste", owner: "991825827", accessPackages: []}) { id } }`, nil},
		{"grant without resource or package", s.manager, grantMutation, map[string]any{"input": map[string]any{"organization": orgX, "to": employee}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := s.eventCount()
			s.fails(tc.token, tc.query, tc.variables, "VALIDATION_FAILED")
			if after := s.eventCount(); after != before {
				t.Fatalf("event count went from %d to %d", before, after)
			}
		})
	}
}

// wsOperation sends one GraphQL operation over an open graphql-transport-ws
// connection and returns the first payload the server sends for it. It
// returns an error when the connection fails or the server closes it.
func wsOperation(t *testing.T, ctx context.Context, conn *websocket.Conn, id, query string) (gqlResponse, error) {
	t.Helper()
	msg, _ := json.Marshal(map[string]any{"id": id, "type": "subscribe", "payload": map[string]any{"query": query}})
	if err := conn.Write(ctx, websocket.MessageText, msg); err != nil {
		return gqlResponse{}, err
	}
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			return gqlResponse{}, err
		}
		var reply struct {
			ID      string          `json:"id"`
			Type    string          `json:"type"`
			Payload json.RawMessage `json:"payload"`
		}
		if err := json.Unmarshal(data, &reply); err != nil {
			t.Fatalf("decode %s: %v", data, err)
		}
		switch {
		case reply.ID != id || reply.Type == "ping" || reply.Type == "pong" || reply.Type == "complete":
			continue
		case reply.Type == "error":
			var errs []gqlError
			_ = json.Unmarshal(reply.Payload, &errs)
			return gqlResponse{Errors: errs}, nil
		default:
			var out gqlResponse
			if err := json.Unmarshal(reply.Payload, &out); err != nil {
				t.Fatalf("decode payload %s: %v", reply.Payload, err)
			}
			return out, nil
		}
	}
}

func TestWebsocketHonoursTokenExpiry(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for a token to expire")
	}
	s := newScenario(t)
	s.send(ordinaryResource, orgX, "Vanlig post")

	// A token that expires in one second.
	token, err := s.keys.Mint(domain.Caller{Person: generalManager, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}}, time.Hour+time.Second, time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	url := "ws" + strings.TrimPrefix(s.http.URL, "http") + "/graphql"
	conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{
		HTTPHeader:   http.Header{"Authorization": []string{"Bearer " + token}},
		Subprotocols: []string{"graphql-transport-ws"},
	})
	if err != nil {
		t.Fatalf("dial %s: %v", url, err)
	}
	defer conn.CloseNow()
	if err := conn.Write(ctx, websocket.MessageText, []byte(`{"type":"connection_init"}`)); err != nil {
		t.Fatal(err)
	}
	if _, ack, err := conn.Read(ctx); err != nil || !strings.Contains(string(ack), "connection_ack") {
		t.Fatalf("connection_init answered %s, %v", ack, err)
	}

	const countQuery = `{ inbox { totalCount } }`
	first, err := wsOperation(t, ctx, conn, "before", countQuery)
	if err != nil || len(first.Errors) > 0 {
		t.Fatalf("query before expiry failed: %v %+v", err, first.Errors)
	}

	time.Sleep(time.Second + auth.ClockSkew + time.Second)

	overHTTP := s.do(token, countQuery, nil)
	if len(overHTTP.Errors) == 0 || overHTTP.Errors[0].Extensions["code"] != "UNAUTHENTICATED" {
		t.Fatalf("expired token over HTTP: %s %+v, want UNAUTHENTICATED", overHTTP.Data, overHTTP.Errors)
	}

	// Closing the connection at expiry and returning UNAUTHENTICATED are
	// both correct.
	overWebsocket, err := wsOperation(t, ctx, conn, "after", countQuery)
	if err == nil && len(overWebsocket.Errors) == 0 {
		t.Errorf("expired token still reads the inbox over the open websocket: %s", overWebsocket.Data)
	}
	if err != nil {
		return
	}

	// The same connection also runs mutations.
	id := uuid.NewString()
	mutation, err := wsOperation(t, ctx, conn, "open", `mutation { openCorrespondence(id: "`+id+`") { id } }`)
	if err == nil && len(mutation.Errors) > 0 && mutation.Errors[0].Extensions["code"] != "UNAUTHENTICATED" {
		t.Errorf("mutation with an expired token over the websocket fails with %v, want UNAUTHENTICATED", mutation.Errors[0].Extensions["code"])
	}
}

func TestExtremeTimeAnswer(t *testing.T) {
	s := newScenario(t)
	input := sendInput(ordinaryResource, orgX, "Ytterpunkt")
	// A valid RFC 3339 time that is in year -1 once converted to UTC.
	input["requestedPublishTime"] = "0000-01-01T00:00:00+23:59"

	before := s.eventCount()
	resp := s.do(s.owner, sendMutation, map[string]any{"input": input})
	if len(resp.Errors) == 0 {
		t.Fatalf("send succeeded: %s", resp.Data)
	}
	got := resp.Errors[0]
	if strings.Contains(got.Message, "json:") || strings.Contains(got.Message, "MarshalJSON") {
		t.Errorf("the client sees internal error text: %v %q", got.Extensions["code"], got.Message)
	}
	if got.Extensions["code"] == "VALIDATION_FAILED" && got.Extensions["field"] != "requestedPublishTime" {
		t.Errorf("VALIDATION_FAILED without field requestedPublishTime (field %v)", got.Extensions["field"])
	}
	if after := s.eventCount(); after != before {
		t.Fatalf("event count went from %d to %d", before, after)
	}
}
