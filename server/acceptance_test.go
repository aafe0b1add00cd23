package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/server"
)

// Parties of the acceptance scenario. All identifiers are valid synthetic
// ones.
const (
	registerOrg    = "974760673" // the register that ingests roles and resources
	serviceOwner   = "991825827" // the police district that sends
	orgX           = "310057223"
	orgZ           = "313006425"
	orgNoKeyRoles  = "313734501"
	generalManager = "08844397713" // DAGL of X, so main administrator of X
	employee       = "13838599936" // works in X, no key role
	managerZ       = "29886896598" // DAGL of Z
	analyst        = "15864799741"

	confidentialResource = "politiet-bekymringsmelding"
	ordinaryResource     = "politiet-informasjon"
)

const (
	registerResourceMutation = `mutation($input: RegisterResourceInput!) { registerResource(input: $input) { id isConfidential } }`
	assignRoleMutation       = `mutation($input: RoleInput!) { assignRole(input: $input) { organization person role } }`
	sendMutation             = `mutation($input: SendCorrespondenceInput!) { sendCorrespondence(input: $input) { correspondences { id recipient status } } }`
	grantMutation            = `mutation($input: GrantAccessInput!) { grantAccess(input: $input) { organization to resourceId accessPackage grantedBy } }`
	revokeMutation           = `mutation($input: RevokeAccessInput!) { revokeAccess(input: $input) { to } }`
	openMutation             = `mutation($id: UUID!) { openCorrespondence(id: $id) { id status openedAt content { messageTitle messageBody } } }`
	inboxQuery               = `query($party: [String!], $first: Int, $after: String) { inbox(party: $party, first: $first, after: $after) { totalCount edges { cursor node { id isConfidential status content { messageTitle messageBody } } } pageInfo { hasNextPage endCursor } } }`
	correspondenceQuery      = `query($id: UUID!) { correspondence(id: $id) { id content { messageTitle messageBody } } }`
	awaitingQuery            = `query($org: String!) { awaitingAccess(organization: $org) { correspondenceId sender messageTitle resourceId resourceName { nb } receivedAt } }`
	eventsQuery              = `query($filter: EventFilter, $first: Int, $after: String) { events(filter: $filter, first: $first, after: $after) { edges { node { position stream type data metadata } } pageInfo { hasNextPage endCursor } } }`
)

type inboxData struct {
	Inbox struct {
		TotalCount int `json:"totalCount"`
		Edges      []struct {
			Cursor string `json:"cursor"`
			Node   struct {
				ID             string `json:"id"`
				IsConfidential bool   `json:"isConfidential"`
				Status         string `json:"status"`
				Content        struct {
					MessageTitle string  `json:"messageTitle"`
					MessageBody  *string `json:"messageBody"`
				} `json:"content"`
			} `json:"node"`
		} `json:"edges"`
		PageInfo struct {
			HasNextPage bool   `json:"hasNextPage"`
			EndCursor   string `json:"endCursor"`
		} `json:"pageInfo"`
	} `json:"inbox"`
}

func (d inboxData) ids() []string {
	ids := make([]string, 0, len(d.Inbox.Edges))
	for _, e := range d.Inbox.Edges {
		ids = append(ids, e.Node.ID)
	}
	return ids
}

type sendData struct {
	SendCorrespondence struct {
		Correspondences []struct {
			ID        string `json:"id"`
			Recipient string `json:"recipient"`
			Status    string `json:"status"`
		} `json:"correspondences"`
	} `json:"sendCorrespondence"`
}

// scenario holds the tokens of the acceptance scenario's actors.
type scenario struct {
	*harness
	register, owner, manager, employee, managerZ, analyst string
}

func newScenario(t testing.TB) *scenario {
	h := newHarness(t)
	s := &scenario{
		harness:  h,
		register: h.token(domain.Caller{Organization: registerOrg, Scopes: []domain.Scope{domain.ScopeRegisterWrite}}),
		owner:    h.token(domain.Caller{Organization: serviceOwner, Scopes: []domain.Scope{domain.ScopeCorrespondenceWrite}}),
		manager:  h.token(domain.Caller{Person: generalManager, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}}),
		employee: h.token(domain.Caller{Person: employee, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}}),
		managerZ: h.token(domain.Caller{Person: managerZ, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}}),
		analyst:  h.token(domain.Caller{Person: analyst, Scopes: []domain.Scope{domain.ScopeEventsRead}}),
	}

	s.ok(s.register, registerResourceMutation, map[string]any{"input": map[string]any{
		"id": confidentialResource, "owner": serviceOwner,
		"name":           map[string]any{"nb": "Bekymringsmelding fra politiet", "nn": "Bekymringsmelding frå politiet", "en": "Report of concern from the police"},
		"accessPackages": []string{domain.PackageConfidentialMail},
	}}, nil)
	s.ok(s.register, registerResourceMutation, map[string]any{"input": map[string]any{
		"id": ordinaryResource, "owner": serviceOwner,
		"name":           map[string]any{"nb": "Informasjon fra politiet"},
		"accessPackages": []string{domain.PackageOrdinaryMail},
	}}, nil)
	s.ok(s.register, assignRoleMutation, map[string]any{"input": map[string]any{"organization": orgX, "person": generalManager, "role": "DAGL"}}, nil)
	s.ok(s.register, assignRoleMutation, map[string]any{"input": map[string]any{"organization": orgZ, "person": managerZ, "role": "DAGL"}}, nil)
	return s
}

// sendInput returns a valid send of resource to recipient; confidential
// sends carry the notification they need.
func sendInput(resource, recipient, title string) map[string]any {
	input := map[string]any{
		"resourceId":       resource,
		"sendersReference": "sak-" + title,
		"messageSender":    "Oslo politidistrikt",
		"content": map[string]any{
			"language":     "nb",
			"messageTitle": title,
			"messageBody":  "Innhold: " + title,
		},
		"recipients":     []string{recipient},
		"isConfidential": resource == confidentialResource,
	}
	if resource == confidentialResource {
		input["notification"] = map[string]any{"notificationTemplate": "GenericAltinnMessage", "notificationChannel": "EmailPreferred"}
	}
	return input
}

func (s *scenario) send(resource, recipient, title string) string {
	s.t.Helper()
	var out sendData
	s.ok(s.owner, sendMutation, map[string]any{"input": sendInput(resource, recipient, title)}, &out)
	if len(out.SendCorrespondence.Correspondences) != 1 {
		s.t.Fatalf("send returned %d correspondences, expected 1", len(out.SendCorrespondence.Correspondences))
	}
	return out.SendCorrespondence.Correspondences[0].ID
}

func (s *scenario) inbox(token string, party ...string) inboxData {
	s.t.Helper()
	var out inboxData
	vars := map[string]any{"first": 100}
	if len(party) > 0 {
		vars["party"] = party
	}
	s.ok(token, inboxQuery, vars, &out)
	return out
}

func (s *scenario) grant(token, to, resource, pkg string) {
	s.t.Helper()
	s.ok(token, grantMutation, map[string]any{"input": accessInput(to, resource, pkg)}, nil)
}

func accessInput(to, resource, pkg string) map[string]any {
	input := map[string]any{"organization": orgX, "to": to}
	if resource != "" {
		input["resourceId"] = resource
	}
	if pkg != "" {
		input["accessPackage"] = pkg
	}
	return input
}

// countEvents returns how many events of eventType the stream holds, read
// through the events query as the analyst.
func (s *scenario) countEvents(stream, eventType string) int {
	s.t.Helper()
	var out struct {
		Events struct {
			Edges []struct {
				Node struct {
					Type string `json:"type"`
				} `json:"node"`
			} `json:"edges"`
		} `json:"events"`
	}
	s.ok(s.analyst, eventsQuery, map[string]any{"filter": map[string]any{"stream": stream, "types": []string{eventType}}, "first": 1000}, &out)
	return len(out.Events.Edges)
}

func TestConfidentialCorrespondenceFlow(t *testing.T) {
	s := newScenario(t)
	secret := s.send(confidentialResource, orgX, "Bekymringsmelding sak 24/1837")

	t.Run("hidden from the general manager without a grant", func(t *testing.T) {
		inbox := s.inbox(s.manager)
		if inbox.Inbox.TotalCount != 0 || len(inbox.Inbox.Edges) != 0 {
			t.Fatalf("inbox shows %d of %d correspondences, expected none", len(inbox.Inbox.Edges), inbox.Inbox.TotalCount)
		}
		hidden := s.do(s.manager, correspondenceQuery, map[string]any{"id": secret})
		missing := s.do(s.manager, correspondenceQuery, map[string]any{"id": uuid.NewString()})
		if string(hidden.Data) != `{"correspondence":null}` || len(hidden.Errors) != 0 {
			t.Fatalf("correspondence(id) = %s %+v, expected null without errors", hidden.Data, hidden.Errors)
		}
		if string(hidden.Data) != string(missing.Data) || len(missing.Errors) != len(hidden.Errors) {
			t.Fatalf("hidden answer %s differs from missing answer %s", hidden.Data, missing.Data)
		}
	})

	t.Run("opening a hidden correspondence looks like a missing one", func(t *testing.T) {
		hidden := s.fails(s.manager, openMutation, map[string]any{"id": secret}, "NOT_FOUND")
		missing := s.fails(s.manager, openMutation, map[string]any{"id": uuid.NewString()}, "NOT_FOUND")
		if hidden.Message != missing.Message {
			t.Fatalf("hidden message %q differs from missing message %q", hidden.Message, missing.Message)
		}
	})

	t.Run("awaiting access shows title and resource without body", func(t *testing.T) {
		resp := s.do(s.manager, awaitingQuery, map[string]any{"org": orgX})
		if len(resp.Errors) > 0 {
			t.Fatalf("awaitingAccess failed: %+v", resp.Errors)
		}
		var out struct {
			AwaitingAccess []struct {
				CorrespondenceID string `json:"correspondenceId"`
				MessageTitle     string `json:"messageTitle"`
				ResourceID       string `json:"resourceId"`
				ResourceName     struct {
					NB string `json:"nb"`
				} `json:"resourceName"`
			} `json:"awaitingAccess"`
		}
		if err := json.Unmarshal(resp.Data, &out); err != nil {
			t.Fatal(err)
		}
		if len(out.AwaitingAccess) != 1 {
			t.Fatalf("awaitingAccess lists %d, expected 1", len(out.AwaitingAccess))
		}
		got := out.AwaitingAccess[0]
		if got.CorrespondenceID != secret || got.MessageTitle != "Bekymringsmelding sak 24/1837" || got.ResourceID != confidentialResource || got.ResourceName.NB == "" {
			t.Fatalf("awaitingAccess = %+v", got)
		}
		if strings.Contains(string(resp.Data), "Innhold:") {
			t.Fatalf("awaitingAccess leaked the body: %s", resp.Data)
		}
	})

	t.Run("self grant shows it and opening records once", func(t *testing.T) {
		s.grant(s.manager, generalManager, confidentialResource, "")

		inbox := s.inbox(s.manager)
		if inbox.Inbox.TotalCount != 1 || len(inbox.Inbox.Edges) != 1 || inbox.Inbox.Edges[0].Node.ID != secret {
			t.Fatalf("inbox = %+v, expected the confidential correspondence", inbox.Inbox)
		}
		if inbox.Inbox.Edges[0].Node.Content.MessageBody != nil {
			t.Fatalf("inbox shows the body before opening")
		}

		var opened struct {
			OpenCorrespondence struct {
				Status  string `json:"status"`
				Content struct {
					MessageBody *string `json:"messageBody"`
				} `json:"content"`
			} `json:"openCorrespondence"`
		}
		s.ok(s.manager, openMutation, map[string]any{"id": secret}, &opened)
		if body := opened.OpenCorrespondence.Content.MessageBody; body == nil || *body != "Innhold: Bekymringsmelding sak 24/1837" {
			t.Fatalf("openCorrespondence body = %v", body)
		}
		if opened.OpenCorrespondence.Status != "Read" {
			t.Fatalf("status after opening = %s, expected Read", opened.OpenCorrespondence.Status)
		}
		s.ok(s.manager, openMutation, map[string]any{"id": secret}, nil)
		if n := s.countEvents("correspondence-"+secret, domain.TypeCorrespondenceOpened); n != 1 {
			t.Fatalf("%d opening events after two opens, expected 1", n)
		}

		var awaiting struct {
			AwaitingAccess []any `json:"awaitingAccess"`
		}
		s.ok(s.manager, awaitingQuery, map[string]any{"org": orgX}, &awaiting)
		if len(awaiting.AwaitingAccess) != 0 {
			t.Fatalf("awaitingAccess still lists %d", len(awaiting.AwaitingAccess))
		}
	})

	t.Run("confidential package grant shows all and revoke hides", func(t *testing.T) {
		second := s.send(confidentialResource, orgX, "Bekymringsmelding sak 24/2001")
		if n := s.inbox(s.employee).Inbox.TotalCount; n != 0 {
			t.Fatalf("employee sees %d before the grant", n)
		}

		s.grant(s.manager, employee, "", domain.PackageConfidentialMail)
		inbox := s.inbox(s.employee)
		if inbox.Inbox.TotalCount != 2 || len(inbox.Inbox.Edges) != 2 {
			t.Fatalf("employee sees %d, expected both confidential correspondences", inbox.Inbox.TotalCount)
		}
		if ids := inbox.ids(); ids[0] != second || ids[1] != secret {
			t.Fatalf("inbox order = %v, expected newest first", ids)
		}

		s.ok(s.manager, revokeMutation, map[string]any{"input": accessInput(employee, "", domain.PackageConfidentialMail)}, nil)
		if n := s.inbox(s.employee).Inbox.TotalCount; n != 0 {
			t.Fatalf("employee sees %d after the revoke", n)
		}
		resp := s.do(s.employee, correspondenceQuery, map[string]any{"id": second})
		if string(resp.Data) != `{"correspondence":null}` {
			t.Fatalf("correspondence after revoke = %s", resp.Data)
		}
	})

	t.Run("ordinary mail visible to key roles only", func(t *testing.T) {
		ordinary := s.send(ordinaryResource, orgX, "Informasjon om ny ordning")
		if !contains(s.inbox(s.manager).ids(), ordinary) {
			t.Fatal("general manager does not see ordinary mail")
		}
		if contains(s.inbox(s.employee).ids(), ordinary) {
			t.Fatal("employee without a grant sees ordinary mail")
		}
		s.grant(s.manager, employee, "", domain.PackageOrdinaryMail)
		employeeInbox := s.inbox(s.employee)
		if !contains(employeeInbox.ids(), ordinary) || employeeInbox.Inbox.TotalCount != 1 {
			t.Fatalf("employee with the ordinary package sees %v, expected only the ordinary mail", employeeInbox.ids())
		}
	})

	t.Run("other organization never sees it", func(t *testing.T) {
		if n := s.inbox(s.managerZ).Inbox.TotalCount; n != 0 {
			t.Fatalf("manager of Z sees %d correspondences of X", n)
		}
		s.fails(s.managerZ, inboxQuery, map[string]any{"party": []string{orgX}}, "FORBIDDEN")
		s.fails(s.managerZ, awaitingQuery, map[string]any{"org": orgX}, "FORBIDDEN")
		resp := s.do(s.managerZ, correspondenceQuery, map[string]any{"id": secret})
		if string(resp.Data) != `{"correspondence":null}` {
			t.Fatalf("manager of Z reads X's mail: %s", resp.Data)
		}
	})
}

func TestSendValidationAppendsNothing(t *testing.T) {
	s := newScenario(t)

	withoutNotification := sendInput(confidentialResource, orgX, "Uten varsel")
	delete(withoutNotification, "notification")
	falseFlag := sendInput(confidentialResource, orgX, "Feil flagg")
	falseFlag["isConfidential"] = false
	trueFlag := sendInput(ordinaryResource, orgX, "Feil flagg")
	trueFlag["isConfidential"] = true
	withPersonID := sendInput(confidentialResource, orgX, "Sak om 08844397713")
	dueInPast := sendInput(ordinaryResource, orgX, "Forfalt")
	dueInPast["dueDateTime"] = "2001-01-01T00:00:00Z"
	badRecipient := sendInput(ordinaryResource, "310057224", "Feil nummer")
	longTitle := sendInput(ordinaryResource, orgX, strings.Repeat("a", 256))

	cases := []struct {
		name  string
		input map[string]any
		field string
	}{
		{"confidential without notification", withoutNotification, "notification"},
		{"organization without key roles", sendInput(confidentialResource, orgNoKeyRoles, "Ingen roller"), "recipients[0]"},
		{"confidential resource sent as ordinary", falseFlag, "isConfidential"},
		{"ordinary resource sent as confidential", trueFlag, "isConfidential"},
		{"national identity number in title", withPersonID, "content.messageTitle"},
		{"due date in the past", dueInPast, "dueDateTime"},
		{"recipient with a wrong check digit", badRecipient, "recipients[0]"},
		{"title over 255 characters", longTitle, "content.messageTitle"},
		{"unregistered resource", sendInput("finnes-ikke", orgX, "Ukjent"), "resourceId"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := s.eventCount()
			got := s.fails(s.owner, sendMutation, map[string]any{"input": tc.input}, "VALIDATION_FAILED")
			if got.Extensions["field"] != tc.field {
				t.Fatalf("field = %v, expected %s (message %q)", got.Extensions["field"], tc.field, got.Message)
			}
			if after := s.eventCount(); after != before {
				t.Fatalf("event count went from %d to %d", before, after)
			}
		})
	}
}

func TestAuthorizationAppendsNothing(t *testing.T) {
	s := newScenario(t)

	t.Run("person who is not main administrator cannot grant", func(t *testing.T) {
		before := s.eventCount()
		s.fails(s.employee, grantMutation, map[string]any{"input": accessInput(employee, confidentialResource, "")}, "FORBIDDEN")
		if after := s.eventCount(); after != before {
			t.Fatalf("event count went from %d to %d", before, after)
		}
	})

	t.Run("main administrator of another organization cannot grant", func(t *testing.T) {
		before := s.eventCount()
		s.fails(s.managerZ, grantMutation, map[string]any{"input": accessInput(managerZ, "", domain.PackageConfidentialMail)}, "FORBIDDEN")
		if after := s.eventCount(); after != before {
			t.Fatalf("event count went from %d to %d", before, after)
		}
	})

	t.Run("service owner cannot send on a resource it does not own", func(t *testing.T) {
		other := s.token(domain.Caller{Organization: orgZ, Scopes: []domain.Scope{domain.ScopeCorrespondenceWrite}})
		before := s.eventCount()
		s.fails(other, sendMutation, map[string]any{"input": sendInput(ordinaryResource, orgX, "Falsk avsender")}, "FORBIDDEN")
		if after := s.eventCount(); after != before {
			t.Fatalf("event count went from %d to %d", before, after)
		}
	})

	t.Run("person token cannot send", func(t *testing.T) {
		before := s.eventCount()
		got := s.fails(s.manager, sendMutation, map[string]any{"input": sendInput(ordinaryResource, orgX, "Fra en person")}, "FORBIDDEN")
		if !strings.Contains(got.Message, "organization token") {
			t.Fatalf("message %q does not say that sending needs an organization token", got.Message)
		}
		if after := s.eventCount(); after != before {
			t.Fatalf("event count went from %d to %d", before, after)
		}
	})

	t.Run("grant of an unknown access package is rejected", func(t *testing.T) {
		before := s.eventCount()
		got := s.fails(s.manager, grantMutation, map[string]any{"input": accessInput(employee, "", "urn:altinn:accesspackage:finnes-ikke")}, "VALIDATION_FAILED")
		if got.Extensions["field"] != "accessPackage" {
			t.Fatalf("field = %v, expected accessPackage", got.Extensions["field"])
		}
		if after := s.eventCount(); after != before {
			t.Fatalf("event count went from %d to %d", before, after)
		}
	})

	t.Run("person token cannot register", func(t *testing.T) {
		s.fails(s.manager, assignRoleMutation, map[string]any{"input": map[string]any{"organization": orgX, "person": employee, "role": "DAGL"}}, "FORBIDDEN")
	})

	t.Run("events need the events scope", func(t *testing.T) {
		s.fails(s.manager, eventsQuery, nil, "FORBIDDEN")
	})

	t.Run("missing token is unauthenticated", func(t *testing.T) {
		s.fails("", inboxQuery, nil, "UNAUTHENTICATED")
	})

	t.Run("token from another key is unauthenticated", func(t *testing.T) {
		other := newHarness(t)
		forged := other.token(domain.Caller{Person: generalManager, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}})
		s.fails(forged, inboxQuery, nil, "UNAUTHENTICATED")
	})
}

func TestIdempotentSend(t *testing.T) {
	s := newScenario(t)
	input := sendInput(ordinaryResource, orgX, "Vedtak i sak 24/77")
	input["idempotentKey"] = "vedtak-24-77"

	var first, second sendData
	s.ok(s.owner, sendMutation, map[string]any{"input": input}, &first)
	count := s.eventCount()
	s.ok(s.owner, sendMutation, map[string]any{"input": input}, &second)
	if first.SendCorrespondence.Correspondences[0].ID != second.SendCorrespondence.Correspondences[0].ID {
		t.Fatalf("retry returned %s, first send %s", second.SendCorrespondence.Correspondences[0].ID, first.SendCorrespondence.Correspondences[0].ID)
	}
	if after := s.eventCount(); after != count {
		t.Fatalf("retry appended %d events", after-count)
	}

	changed := sendInput(ordinaryResource, orgX, "Vedtak i sak 24/78")
	changed["idempotentKey"] = "vedtak-24-77"
	s.fails(s.owner, sendMutation, map[string]any{"input": changed}, "CONFLICT")
	if after := s.eventCount(); after != count {
		t.Fatalf("conflicting send appended %d events", after-count)
	}

	twoRecipients := sendInput(ordinaryResource, orgX, "To mottakere")
	twoRecipients["recipients"] = []string{orgX, orgZ}
	twoRecipients["idempotentKey"] = "to-mottakere"
	got := s.fails(s.owner, sendMutation, map[string]any{"input": twoRecipients}, "VALIDATION_FAILED")
	if got.Extensions["field"] != "idempotentKey" {
		t.Fatalf("field = %v, expected idempotentKey", got.Extensions["field"])
	}
}

func TestConcurrentOpensRecordOneOpening(t *testing.T) {
	s := newScenario(t)
	id := s.send(ordinaryResource, orgX, "Samtidig åpning")

	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for range 16 {
		wg.Go(func() {
			resp := s.do(s.manager, openMutation, map[string]any{"id": id})
			if len(resp.Errors) > 0 {
				errs <- fmt.Sprint(resp.Errors)
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("open failed: %s", e)
	}
	if n := s.countEvents("correspondence-"+id, domain.TypeCorrespondenceOpened); n != 1 {
		t.Fatalf("%d opening events after 16 concurrent opens, expected 1", n)
	}
}

func TestRestartKeepsInboxAndOpenings(t *testing.T) {
	s := newScenario(t)
	secret := s.send(confidentialResource, orgX, "Før omstart")
	s.send(ordinaryResource, orgX, "Vanlig før omstart")
	s.grant(s.manager, generalManager, confidentialResource, "")
	s.grant(s.manager, employee, "", domain.PackageOrdinaryMail)
	s.ok(s.manager, openMutation, map[string]any{"id": secret}, nil)

	snapshot := func() string {
		var parts []string
		for _, token := range []string{s.manager, s.employee, s.managerZ} {
			resp := s.do(token, inboxQuery, map[string]any{"first": 100})
			parts = append(parts, string(resp.Data))
		}
		resp := s.do(s.manager, awaitingQuery, map[string]any{"org": orgX})
		parts = append(parts, string(resp.Data))
		resp = s.do(s.manager, correspondenceQuery, map[string]any{"id": secret})
		return strings.Join(append(parts, string(resp.Data)), "\n")
	}
	before := snapshot()
	count := s.eventCount()

	s.restart()

	if after := s.eventCount(); after != count {
		t.Fatalf("event count %d after restart, %d before", after, count)
	}
	if after := snapshot(); after != before {
		t.Fatalf("views changed across restart:\nbefore %s\nafter  %s", before, after)
	}
	if !strings.Contains(before, "Innhold: Før omstart") {
		t.Fatalf("opened body missing from snapshot: %s", before)
	}
}

func TestInboxPagingStableWithEqualTimes(t *testing.T) {
	s := newScenario(t)
	input := sendInput(ordinaryResource, orgX, "Massesending")
	input["requestedPublishTime"] = nil
	var recipients []string
	recipients = append(recipients, orgX)
	input["recipients"] = recipients

	// One send to one recipient per call, many calls within the same clock
	// tick is not guaranteed, so page through a large inbox and check that
	// every id appears once in order.
	for i := range 45 {
		s.send(ordinaryResource, orgX, fmt.Sprintf("Melding %02d", i))
	}

	seen := map[string]bool{}
	after := ""
	for page := 0; ; page++ {
		vars := map[string]any{"first": 10}
		if after != "" {
			vars["after"] = after
		}
		var out inboxData
		s.ok(s.manager, inboxQuery, vars, &out)
		if out.Inbox.TotalCount != 45 {
			t.Fatalf("totalCount = %d on page %d, expected 45", out.Inbox.TotalCount, page)
		}
		for _, id := range out.ids() {
			if seen[id] {
				t.Fatalf("id %s appears twice", id)
			}
			seen[id] = true
		}
		if !out.Inbox.PageInfo.HasNextPage {
			break
		}
		after = out.Inbox.PageInfo.EndCursor
	}
	if len(seen) != 45 {
		t.Fatalf("paged through %d ids, expected 45", len(seen))
	}
	s.fails(s.manager, inboxQuery, map[string]any{"after": "not-a-cursor"}, "VALIDATION_FAILED")
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func TestMalformedArgumentsAreValidationErrors(t *testing.T) {
	s := newScenario(t)

	got := s.fails(s.manager, correspondenceQuery, map[string]any{"id": "not-a-uuid"}, "VALIDATION_FAILED")
	if got.Extensions["field"] != "id" {
		t.Fatalf("field = %v, expected id (message %q)", got.Extensions["field"], got.Message)
	}
	if !strings.Contains(got.Message, "is not a UUID") {
		t.Fatalf("message %q does not explain the UUID format", got.Message)
	}

	input := sendInput(ordinaryResource, orgX, "Feil tid")
	input["dueDateTime"] = "tomorrow"
	got = s.fails(s.owner, sendMutation, map[string]any{"input": input}, "VALIDATION_FAILED")
	if got.Extensions["field"] != "dueDateTime" || !strings.Contains(got.Message, "RFC 3339") {
		t.Fatalf("message %q does not name dueDateTime", got.Message)
	}

	s.fails(s.manager, `{ inbox(first: 2 `, nil, "VALIDATION_FAILED")
	s.fails(s.manager, `{ nonexistent }`, nil, "VALIDATION_FAILED")
	s.fails(s.manager, inboxQuery, map[string]any{"first": 1000}, "VALIDATION_FAILED")
}

func TestQueryCostCountsPageSize(t *testing.T) {
	s := newScenario(t)

	var wide strings.Builder
	wide.WriteString("{")
	for i := range 50 {
		fmt.Fprintf(&wide, " e%d: events(first: 1000) { edges { node { position stream type data metadata } } }", i)
	}
	wide.WriteString(" }")
	got := s.fails(s.analyst, wide.String(), nil, "VALIDATION_FAILED")
	if !strings.Contains(got.Message, "complexity") {
		t.Fatalf("message %q does not mention complexity", got.Message)
	}

	s.ok(s.analyst, `{ events(first: 1000) { edges { cursor node { id position stream revision type recordedAt data metadata } } pageInfo { hasNextPage endCursor } } }`, nil, nil)
	s.ok(s.manager, `{ inbox(first: 100) { totalCount edges { cursor node { id status content { messageTitle } } } } }`, nil, nil)
}

func TestNotReadyAnswersUnavailable(t *testing.T) {
	s := newScenario(t)
	s.ready.Store(false)

	got := s.fails(s.manager, inboxQuery, nil, "UNAVAILABLE")
	if !strings.Contains(got.Message, "retry") {
		t.Fatalf("message %q does not tell the client to retry", got.Message)
	}
	before := s.eventCount()
	s.fails(s.owner, sendMutation, map[string]any{"input": sendInput(ordinaryResource, orgX, "Under oppstart")}, "UNAVAILABLE")
	if after := s.eventCount(); after != before {
		t.Fatalf("a mutation during start-up appended %d events", after-before)
	}

	s.ready.Store(true)
	s.ok(s.manager, inboxQuery, nil, nil)
}

func TestHTTPStatusForRejectedRequests(t *testing.T) {
	s := newScenario(t)
	post := func(body string) *http.Response {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, s.http.URL+"/graphql", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+s.manager)
		resp, err := s.http.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}

	t.Run("starting server answers 503", func(t *testing.T) {
		s.ready.Store(false)
		defer s.ready.Store(true)
		resp := post(`{"query":"{ me { id } }"}`)
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("status = %d, want 503", resp.StatusCode)
		}
		if resp.Header.Get("Retry-After") == "" {
			t.Fatal("503 without Retry-After")
		}
	})

	t.Run("oversized body answers 413", func(t *testing.T) {
		before := s.eventCount()
		resp := post(`{"query":"{ me { id } }","padding":"` + strings.Repeat("x", server.MaxRequestBytes) + `"}`)
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("status = %d, want 413", resp.StatusCode)
		}
		var out gqlResponse
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		if len(out.Errors) != 1 || out.Errors[0].Extensions["code"] != "VALIDATION_FAILED" {
			t.Fatalf("errors = %+v, want one VALIDATION_FAILED", out.Errors)
		}
		if after := s.eventCount(); after != before {
			t.Fatalf("event count went from %d to %d", before, after)
		}
	})
}
