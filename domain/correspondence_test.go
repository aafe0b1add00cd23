package domain_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/postvern/postvern/domain"
)

// sendNow is the fixed clock of the send and open tests.
var sendNow = time.Date(2026, time.March, 2, 9, 30, 0, 0, time.UTC)

func timePointer(t time.Time) *time.Time { return &t }

func senderCaller() domain.Caller {
	return domain.Caller{Organization: senderOrg, Scopes: []domain.Scope{domain.ScopeCorrespondenceWrite}}
}

func readerCaller(person domain.PersonID) domain.Caller {
	return domain.Caller{Person: person, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}}
}

// validSend returns a confidential send to recipientOrg that every rule
// accepts with validSendContext.
func validSend() domain.SendCorrespondence {
	return domain.SendCorrespondence{
		ResourceID:       confidentialResource().ID,
		Sender:           string(senderOrg),
		SendersReference: "bv-2026-0042",
		MessageSender:    "Oslo kommune, barnevernstjenesten",
		Content: domain.Content{
			Language:     "nb",
			MessageTitle: "Sak 2026/42, saksbehandler Kari Nordmann",
			MessageBody:  "Innkalling til samtale.",
		},
		Recipients:     []string{recipientOrg.URN()},
		IsConfidential: true,
		Notification: &domain.NotificationInput{
			NotificationTemplate: domain.TemplateGenericAltinnMessage,
			NotificationChannel:  domain.ChannelEmailPreferred,
		},
	}
}

// validSendContext returns the context for validSend: the confidential
// resource is registered and recipientOrg and secondOrg have key role holders.
func validSendContext() domain.SendContext {
	resource := confidentialResource()
	return domain.SendContext{
		Now:            sendNow,
		Resource:       &resource,
		KeyRoleHolders: map[domain.OrganizationNumber]bool{recipientOrg: true, secondOrg: true},
		NewID:          sequentialIDs(),
	}
}

// makeOrdinary turns validSend and its context into an ordinary send without
// a notification.
func makeOrdinary(cmd *domain.SendCorrespondence, sc *domain.SendContext) {
	resource := ordinaryResource()
	sc.Resource = &resource
	cmd.ResourceID = resource.ID
	cmd.IsConfidential = false
	cmd.Notification = nil
}

func customMessage(channel string) *domain.NotificationInput {
	return &domain.NotificationInput{
		NotificationTemplate: domain.TemplateCustomMessage,
		NotificationChannel:  channel,
		EmailSubject:         "Ny taushetsbelagt melding",
		EmailBody:            "Dere har mottatt en taushetsbelagt melding.",
		SmsBody:              "Dere har mottatt en taushetsbelagt melding.",
	}
}

func TestDecideSendRejects(t *testing.T) {
	tests := []struct {
		name      string
		change    func(cmd *domain.SendCorrespondence, sc *domain.SendContext)
		wantField string
	}{
		{
			name:      "confidential resource sent without isConfidential",
			change:    func(cmd *domain.SendCorrespondence, _ *domain.SendContext) { cmd.IsConfidential = false },
			wantField: "isConfidential",
		},
		{
			name: "ordinary resource sent with isConfidential",
			change: func(cmd *domain.SendCorrespondence, sc *domain.SendContext) {
				makeOrdinary(cmd, sc)
				cmd.IsConfidential = true
			},
			wantField: "isConfidential",
		},
		{
			name:      "confidential without notification",
			change:    func(cmd *domain.SendCorrespondence, _ *domain.SendContext) { cmd.Notification = nil },
			wantField: "notification",
		},
		{
			name: "recipient organization without key role holder",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.Recipients = []string{noRolesOrg.URN()}
			},
			wantField: "recipients[0]",
		},
		{
			name: "second recipient organization without key role holder",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.Recipients = []string{recipientOrg.URN(), noRolesOrg.URN()}
			},
			wantField: "recipients[1]",
		},
		{
			name: "idempotentKey with several recipients",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.IdempotentKey = "bv-2026-0042"
				cmd.Recipients = []string{recipientOrg.URN(), secondOrg.URN()}
			},
			wantField: "idempotentKey",
		},
		{
			name: "idempotentKey longer than 200 characters",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.IdempotentKey = strings.Repeat("k", 201)
			},
			wantField: "idempotentKey",
		},
		{
			name: "dueDateTime before requestedPublishTime",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.RequestedPublishTime = timePointer(sendNow.Add(48 * time.Hour))
				cmd.DueDateTime = timePointer(sendNow.Add(24 * time.Hour))
			},
			wantField: "dueDateTime",
		},
		{
			name: "dueDateTime in the past",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.DueDateTime = timePointer(sendNow.Add(-time.Minute))
			},
			wantField: "dueDateTime",
		},
		{
			name:      "empty title",
			change:    func(cmd *domain.SendCorrespondence, _ *domain.SendContext) { cmd.Content.MessageTitle = "" },
			wantField: "content.messageTitle",
		},
		{
			name: "title of 256 characters",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.Content.MessageTitle = strings.Repeat("æ", 256)
			},
			wantField: "content.messageTitle",
		},
		{
			name:      "empty body",
			change:    func(cmd *domain.SendCorrespondence, _ *domain.SendContext) { cmd.Content.MessageBody = "" },
			wantField: "content.messageBody",
		},
		{
			name: "body of 30001 characters",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.Content.MessageBody = strings.Repeat("b", 30001)
			},
			wantField: "content.messageBody",
		},
		{
			name: "summary of 256 characters",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.Content.MessageSummary = strings.Repeat("s", 256)
			},
			wantField: "content.messageSummary",
		},
		{
			name: "title that is not UTF-8",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.Content.MessageTitle = "Sak \xff"
			},
			wantField: "content.messageTitle",
		},
		{
			name: "propertyList with 11 entries",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.PropertyList = properties(11)
			},
			wantField: "propertyList",
		},
		{
			name: "propertyList with a duplicate key",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.PropertyList = []domain.Property{{Key: "saksnummer", Value: "1"}, {Key: "saksnummer", Value: "2"}}
			},
			wantField: "propertyList[1].key",
		},
		{
			name: "replyOptions with an http URL",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.ReplyOptions = []domain.ReplyOption{{LinkURL: "http://svar.example.no/skjema", LinkText: "Svar"}}
			},
			wantField: "replyOptions[0].linkURL",
		},
		{
			name: "replyOptions with a relative URL",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.ReplyOptions = []domain.ReplyOption{
					{LinkURL: "https://svar.example.no/skjema"},
					{LinkURL: "/skjema"},
				}
			},
			wantField: "replyOptions[1].linkURL",
		},
		{
			name:      "unsupported language",
			change:    func(cmd *domain.SendCorrespondence, _ *domain.SendContext) { cmd.Content.Language = "de" },
			wantField: "content.language",
		},
		{
			name:      "empty sendersReference",
			change:    func(cmd *domain.SendCorrespondence, _ *domain.SendContext) { cmd.SendersReference = "" },
			wantField: "sendersReference",
		},
		{
			name: "unknown notification channel",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.Notification.NotificationChannel = "Fax"
			},
			wantField: "notification.notificationChannel",
		},
		{
			name: "unknown notification template",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.Notification.NotificationTemplate = "Letter"
			},
			wantField: "notification.notificationTemplate",
		},
		{
			name: "CustomMessage without email body for the Email channel",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.Notification = customMessage(domain.ChannelEmail)
				cmd.Notification.EmailBody = ""
			},
			wantField: "notification.emailBody",
		},
		{
			name: "CustomMessage without email subject for EmailAndSms",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.Notification = customMessage(domain.ChannelEmailAndSms)
				cmd.Notification.EmailSubject = ""
			},
			wantField: "notification.emailSubject",
		},
		{
			name: "CustomMessage without sms body for the Sms channel",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.Notification = customMessage(domain.ChannelSms)
				cmd.Notification.SmsBody = ""
			},
			wantField: "notification.smsBody",
		},
		{
			name: "national identity number in title",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.Content.MessageTitle = "Bekymring for barn med fnr. " + string(citizen)
			},
			wantField: "content.messageTitle",
		},
		{
			name: "national identity number in custom sms text",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.Notification = customMessage(domain.ChannelSms)
				cmd.Notification.SmsBody = "Gjelder " + string(citizen)
			},
			wantField: "notification.smsBody",
		},
		{
			name: "national identity number in custom reminder email body",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.Notification = customMessage(domain.ChannelEmail)
				cmd.Notification.SendReminder = true
				cmd.Notification.ReminderEmailBody = "Påminnelse om " + string(citizen)
			},
			wantField: "notification.reminderEmailBody",
		},
		{
			// The standard notification text names the sender, so a number
			// there would reach email and SMS as well.
			name: "national identity number in messageSender",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.MessageSender = "Fastlege " + string(citizen)
			},
			wantField: "messageSender",
		},
		{
			name:      "no recipients",
			change:    func(cmd *domain.SendCorrespondence, _ *domain.SendContext) { cmd.Recipients = nil },
			wantField: "recipients",
		},
		{
			name: "malformed recipient",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.Recipients = []string{recipientOrg.URN(), "310057224"}
			},
			wantField: "recipients[1]",
		},
		{
			name: "same recipient as URN and as bare number",
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
				cmd.Recipients = []string{recipientOrg.URN(), string(recipientOrg)}
			},
			wantField: "recipients[1]",
		},
		{
			name:      "unregistered resource",
			change:    func(_ *domain.SendCorrespondence, sc *domain.SendContext) { sc.Resource = nil },
			wantField: "resourceId",
		},
		{
			name:      "malformed resource id",
			change:    func(cmd *domain.SendCorrespondence, _ *domain.SendContext) { cmd.ResourceID = "Barnevern Melding" },
			wantField: "resourceId",
		},
		{
			name:      "malformed sender",
			change:    func(cmd *domain.SendCorrespondence, _ *domain.SendContext) { cmd.Sender = "99182582" },
			wantField: "sender",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd, sc := validSend(), validSendContext()
			tt.change(&cmd, &sc)

			sent, err := domain.DecideSend(senderCaller(), cmd, sc)

			var v *domain.ValidationError
			if !errors.As(err, &v) {
				t.Fatalf("DecideSend error = %v, want a *ValidationError on %s", err, tt.wantField)
			}
			if v.Field != tt.wantField {
				t.Errorf("DecideSend rejected field %q (%s), want %q", v.Field, v.Message, tt.wantField)
			}
			if sent != nil {
				t.Errorf("DecideSend returned %d correspondences with its error, want none", len(sent))
			}
		})
	}
}

func properties(n int) []domain.Property {
	list := make([]domain.Property, n)
	for i := range list {
		list[i] = domain.Property{Key: fmt.Sprintf("key%d", i), Value: "value"}
	}
	return list
}

// TestDecideSendAcceptsLimits checks the edge of each limit that
// TestDecideSendRejects crosses.
func TestDecideSendAcceptsLimits(t *testing.T) {
	tests := []struct {
		name   string
		change func(cmd *domain.SendCorrespondence, sc *domain.SendContext)
	}{
		{"title of 255 characters", func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
			cmd.Content.MessageTitle = strings.Repeat("æ", 255)
		}},
		{"body of 30000 characters", func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
			cmd.Content.MessageBody = strings.Repeat("b", 30000)
		}},
		{"summary of 255 characters", func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
			cmd.Content.MessageSummary = strings.Repeat("s", 255)
		}},
		{"propertyList with 10 entries", func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
			cmd.PropertyList = properties(10)
		}},
		{"dueDateTime equal to requestedPublishTime", func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
			cmd.RequestedPublishTime = timePointer(sendNow.Add(time.Hour))
			cmd.DueDateTime = timePointer(sendNow.Add(time.Hour))
		}},
		{"dueDateTime equal to now", func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
			cmd.DueDateTime = timePointer(sendNow)
		}},
		{"https reply option", func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
			cmd.ReplyOptions = []domain.ReplyOption{{LinkURL: "https://svar.example.no/skjema?sak=42", LinkText: "Svar"}}
		}},
		{"every language", func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
			cmd.Content.Language = "nn"
		}},
		{"confidential mail to a person needs no key role holder", func(cmd *domain.SendCorrespondence, sc *domain.SendContext) {
			cmd.Recipients = []string{citizen.URN()}
			sc.KeyRoleHolders = nil
		}},
		{"ordinary mail needs no notification or key role holder", func(cmd *domain.SendCorrespondence, sc *domain.SendContext) {
			makeOrdinary(cmd, sc)
			cmd.Recipients = []string{noRolesOrg.URN()}
		}},
		{"organization number in title", func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
			cmd.Content.MessageTitle = "Vedtak for " + string(secondOrg)
		}},
		{"CustomMessage on the Email channel needs no sms body", func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
			cmd.Notification = customMessage(domain.ChannelEmail)
			cmd.Notification.SmsBody = ""
		}},
		{"CustomMessage on the Sms channel needs no email", func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
			cmd.Notification = customMessage(domain.ChannelSms)
			cmd.Notification.EmailSubject = ""
			cmd.Notification.EmailBody = ""
		}},
		{"sender taken from the token", func(cmd *domain.SendCorrespondence, _ *domain.SendContext) {
			cmd.Sender = ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd, sc := validSend(), validSendContext()
			tt.change(&cmd, &sc)

			sent, err := domain.DecideSend(senderCaller(), cmd, sc)
			if err != nil {
				t.Fatalf("DecideSend failed: %v", err)
			}
			if len(sent) != len(cmd.Recipients) {
				t.Errorf("DecideSend returned %d correspondences, want %d", len(sent), len(cmd.Recipients))
			}
		})
	}
}

func TestDecideSendForbidden(t *testing.T) {
	tests := []struct {
		name   string
		caller domain.Caller
		change func(cmd *domain.SendCorrespondence, sc *domain.SendContext)
	}{
		{
			name:   "sender not owning the resource",
			caller: domain.Caller{Organization: secondOrg, Scopes: senderCaller().Scopes},
			change: func(cmd *domain.SendCorrespondence, _ *domain.SendContext) { cmd.Sender = string(secondOrg) },
		},
		{
			name:   "token for another organization than the sender",
			caller: domain.Caller{Organization: secondOrg, Scopes: senderCaller().Scopes},
			change: func(*domain.SendCorrespondence, *domain.SendContext) {},
		},
		{
			name:   "token without write scope",
			caller: domain.Caller{Organization: senderOrg},
			change: func(*domain.SendCorrespondence, *domain.SendContext) {},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd, sc := validSend(), validSendContext()
			tt.change(&cmd, &sc)

			sent, err := domain.DecideSend(tt.caller, cmd, sc)
			if !errors.Is(err, domain.ErrForbidden) {
				t.Fatalf("DecideSend error = %v, want one wrapping ErrForbidden", err)
			}
			if sent != nil {
				t.Errorf("DecideSend returned %d correspondences with its error, want none", len(sent))
			}
		})
	}
}

func TestDecideSendEventsPerRecipient(t *testing.T) {
	cmd, sc := validSend(), validSendContext()
	cmd.Recipients = []string{recipientOrg.URN(), string(secondOrg), citizen.URN()}
	wantRecipients := []domain.Party{
		domain.OrganizationParty(recipientOrg),
		domain.OrganizationParty(secondOrg),
		domain.PersonParty(citizen),
	}

	sent, err := domain.DecideSend(senderCaller(), cmd, sc)
	if err != nil {
		t.Fatalf("DecideSend failed: %v", err)
	}
	if len(sent) != len(wantRecipients) {
		t.Fatalf("DecideSend returned %d correspondences, want %d", len(sent), len(wantRecipients))
	}

	for i, result := range sent {
		c := result.Correspondence
		t.Run(c.Recipient.URN(), func(t *testing.T) {
			// Each recipient takes two ids in turn: the correspondence's and
			// its notification order's.
			wantID := sequentialID(uint64(2*i + 1))
			wantOrderID := sequentialID(uint64(2*i + 2))

			if c.Recipient != wantRecipients[i] {
				t.Errorf("recipient = %s, want %s", c.Recipient, wantRecipients[i])
			}
			if c.ID != wantID {
				t.Errorf("correspondence id = %s, want %s", c.ID, wantID)
			}
			if c.Sender != senderOrg {
				t.Errorf("sender = %s, want %s", c.Sender, senderOrg)
			}
			if !c.SentAt.Equal(sendNow) {
				t.Errorf("sentAt = %s, want %s", c.SentAt, sendNow)
			}
			if !c.IsConfidential {
				t.Error("isConfidential = false, want true")
			}
			if c.RequestHash != cmd.Hash(senderCaller()) {
				t.Errorf("requestHash = %q, want the command's hash %q", c.RequestHash, cmd.Hash(senderCaller()))
			}
			if len(result.Events) != 2 {
				t.Fatalf("got %d events, want CorrespondenceSent and NotificationOrdered", len(result.Events))
			}

			sentEvent, ok := result.Events[0].(*domain.CorrespondenceSent)
			if !ok {
				t.Fatalf("first event is %T, want *domain.CorrespondenceSent", result.Events[0])
			}
			if !reflect.DeepEqual(sentEvent.Correspondence, c) {
				t.Errorf("CorrespondenceSent carries %+v, want the returned correspondence %+v", sentEvent.Correspondence, c)
			}

			ordered, ok := result.Events[1].(*domain.NotificationOrdered)
			if !ok {
				t.Fatalf("second event is %T, want *domain.NotificationOrdered", result.Events[1])
			}
			if ordered.Order.ID != wantOrderID {
				t.Errorf("order id = %s, want %s", ordered.Order.ID, wantOrderID)
			}
			if c.NotificationOrderID == nil || *c.NotificationOrderID != ordered.Order.ID {
				t.Errorf("notificationOrderId = %v, want %s", c.NotificationOrderID, ordered.Order.ID)
			}
			if ordered.Order.CorrespondenceID != c.ID {
				t.Errorf("order correspondenceId = %s, want %s", ordered.Order.CorrespondenceID, c.ID)
			}
			if ordered.Order.Recipient != c.Recipient {
				t.Errorf("order recipient = %s, want %s", ordered.Order.Recipient, c.Recipient)
			}
		})
	}
}

func TestDecideSendWithoutNotification(t *testing.T) {
	cmd, sc := validSend(), validSendContext()
	makeOrdinary(&cmd, &sc)

	sent, err := domain.DecideSend(senderCaller(), cmd, sc)
	if err != nil {
		t.Fatalf("DecideSend failed: %v", err)
	}
	if len(sent) != 1 {
		t.Fatalf("DecideSend returned %d correspondences, want 1", len(sent))
	}
	if len(sent[0].Events) != 1 {
		t.Fatalf("got %d events, want only CorrespondenceSent", len(sent[0].Events))
	}
	if _, ok := sent[0].Events[0].(*domain.CorrespondenceSent); !ok {
		t.Errorf("event is %T, want *domain.CorrespondenceSent", sent[0].Events[0])
	}
	if sent[0].Correspondence.NotificationOrderID != nil {
		t.Errorf("notificationOrderId = %s, want none", sent[0].Correspondence.NotificationOrderID)
	}
}

// decideOneOrder sends cmd to its single recipient and returns the
// correspondence and its notification order.
func decideOneOrder(t *testing.T, cmd domain.SendCorrespondence, sc domain.SendContext) (domain.Correspondence, domain.NotificationOrder) {
	t.Helper()
	sent, err := domain.DecideSend(senderCaller(), cmd, sc)
	if err != nil {
		t.Fatalf("DecideSend failed: %v", err)
	}
	if len(sent) != 1 || len(sent[0].Events) != 2 {
		t.Fatalf("DecideSend returned %d correspondences, want one with a notification order", len(sent))
	}
	ordered, ok := sent[0].Events[1].(*domain.NotificationOrdered)
	if !ok {
		t.Fatalf("second event is %T, want *domain.NotificationOrdered", sent[0].Events[1])
	}
	return sent[0].Correspondence, ordered.Order
}

func TestDecideSendPublishTime(t *testing.T) {
	oslo := time.FixedZone("CET", 3600)
	later := sendNow.Add(36 * time.Hour)

	tests := []struct {
		name      string
		requested *time.Time
		want      time.Time
	}{
		{"no requested time publishes now", nil, sendNow},
		{"requested time in the past publishes now", timePointer(sendNow.Add(-time.Hour)), sendNow},
		{"requested time later publishes then", timePointer(later), later},
		{"requested time in another zone is stored in UTC", timePointer(later.In(oslo)), later},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd, sc := validSend(), validSendContext()
			cmd.RequestedPublishTime = tt.requested

			c, order := decideOneOrder(t, cmd, sc)

			if !c.PublishTime.Equal(tt.want) {
				t.Errorf("publishTime = %s, want %s", c.PublishTime, tt.want)
			}
			if c.PublishTime.Location() != time.UTC {
				t.Errorf("publishTime is in %s, want UTC", c.PublishTime.Location())
			}
			if !order.RequestedSendTime.Equal(tt.want) {
				t.Errorf("notification requestedSendTime = %s, want the publish time %s", order.RequestedSendTime, tt.want)
			}
		})
	}
}

func TestDecideSendReminder(t *testing.T) {
	later := sendNow.Add(36 * time.Hour)

	tests := []struct {
		name      string
		requested *time.Time
		want      time.Time
	}{
		{"reminder 7 days after publishing now", nil, sendNow.Add(7 * 24 * time.Hour)},
		{"reminder 7 days after a later publish time", timePointer(later), later.Add(7 * 24 * time.Hour)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd, sc := validSend(), validSendContext()
			cmd.RequestedPublishTime = tt.requested
			cmd.Notification.SendReminder = true

			_, order := decideOneOrder(t, cmd, sc)

			if order.ReminderSendTime == nil {
				t.Fatal("reminderSendTime is not set, want one with sendReminder")
			}
			if !order.ReminderSendTime.Equal(tt.want) {
				t.Errorf("reminderSendTime = %s, want %s", order.ReminderSendTime, tt.want)
			}
			if len(order.ReminderTexts) != len(order.Texts) {
				t.Fatalf("got %d reminder texts, want %d like the main texts", len(order.ReminderTexts), len(order.Texts))
			}
			for i, reminder := range order.ReminderTexts {
				main := order.Texts[i]
				if reminder.EmailBody == main.EmailBody || !strings.HasSuffix(reminder.EmailBody, main.EmailBody) {
					t.Errorf("%s reminder body = %q, want the main body %q after a reminder prefix", reminder.Language, reminder.EmailBody, main.EmailBody)
				}
			}
		})
	}

	t.Run("no reminder without sendReminder", func(t *testing.T) {
		_, order := decideOneOrder(t, validSend(), validSendContext())

		if order.ReminderSendTime != nil {
			t.Errorf("reminderSendTime = %s, want none", order.ReminderSendTime)
		}
		if order.ReminderTexts != nil {
			t.Errorf("got %d reminder texts, want none", len(order.ReminderTexts))
		}
	})
}

func TestStandardNotificationTexts(t *testing.T) {
	resource := confidentialResource()

	t.Run("confidential to an organization", func(t *testing.T) {
		cmd := validSend()
		cmd.Notification.SendReminder = true

		c, order := decideOneOrder(t, cmd, validSendContext())

		checkLanguages(t, order.Texts)
		for _, text := range append(slices.Clone(order.Texts), order.ReminderTexts...) {
			for _, part := range []struct{ name, value string }{{"email body", text.EmailBody}, {"sms body", text.SmsBody}} {
				wants := []string{c.Content.MessageTitle, resource.Name.In(text.Language), cmd.MessageSender, string(recipientOrg), domain.RecipientNamePlaceholder}
				for _, want := range wants {
					if !strings.Contains(part.value, want) {
						t.Errorf("%s %s %q does not mention %q", text.Language, part.name, part.value, want)
					}
				}
				checkNoFilledPlaceholders(t, text.Language+" "+part.name, part.value)
			}
			if text.EmailSubject == "" {
				t.Errorf("%s email subject is empty", text.Language)
			}
		}
	})

	t.Run("confidential to a person", func(t *testing.T) {
		cmd := validSend()
		cmd.Recipients = []string{citizen.URN()}
		cmd.Notification.SendReminder = true

		_, order := decideOneOrder(t, cmd, validSendContext())

		checkLanguages(t, order.Texts)
		for _, text := range append(slices.Clone(order.Texts), order.ReminderTexts...) {
			for _, value := range []string{text.EmailSubject, text.EmailBody, text.SmsBody} {
				if strings.Contains(value, string(citizen)) || domain.ContainsPersonID(value) {
					t.Errorf("%s text %q carries the recipient's national identity number", text.Language, value)
				}
			}
			if !strings.Contains(text.EmailBody, resource.Name.In(text.Language)) {
				t.Errorf("%s email body %q does not name the resource to delegate", text.Language, text.EmailBody)
			}
		}
	})

	t.Run("ordinary to an organization", func(t *testing.T) {
		cmd, sc := validSend(), validSendContext()
		makeOrdinary(&cmd, &sc)
		cmd.Notification = &domain.NotificationInput{NotificationTemplate: domain.TemplateGenericAltinnMessage, NotificationChannel: domain.ChannelSms}

		c, order := decideOneOrder(t, cmd, sc)

		checkLanguages(t, order.Texts)
		for _, text := range order.Texts {
			if !strings.Contains(text.SmsBody, c.Content.MessageTitle) {
				t.Errorf("%s sms body %q does not mention the title", text.Language, text.SmsBody)
			}
			if strings.Contains(strings.ToLower(text.EmailBody+text.EmailSubject), "taushetsbelagt") {
				t.Errorf("%s text for ordinary mail calls it confidential: %q", text.Language, text.EmailBody)
			}
			checkNoFilledPlaceholders(t, text.Language+" sms body", text.SmsBody)
		}
	})

	t.Run("sender URN without messageSender", func(t *testing.T) {
		cmd := validSend()
		cmd.MessageSender = ""

		_, order := decideOneOrder(t, cmd, validSendContext())

		for _, text := range order.Texts {
			if !strings.Contains(text.EmailBody, senderOrg.URN()) {
				t.Errorf("%s email body %q does not name the sender %s", text.Language, text.EmailBody, senderOrg.URN())
			}
		}
	})
}

func checkLanguages(t *testing.T, texts []domain.NotificationText) {
	t.Helper()
	var got []string
	for _, text := range texts {
		got = append(got, text.Language)
	}
	if !slices.Equal(got, []string{"nb", "nn", "en"}) {
		t.Errorf("notification languages = %v, want [nb nn en]", got)
	}
}

// checkNoFilledPlaceholders fails when text still holds a placeholder that
// the domain should have filled in. Only the recipient's name may stay.
func checkNoFilledPlaceholders(t *testing.T, label, text string) {
	t.Helper()
	for _, placeholder := range []string{"$recipientNumber$", "$messageTitle$", "$sendersName$", "$resourceName$"} {
		if strings.Contains(text, placeholder) {
			t.Errorf("%s %q still contains %s", label, text, placeholder)
		}
	}
}

func TestDecideSendCustomMessageTexts(t *testing.T) {
	cmd := validSend()
	cmd.Notification = customMessage(domain.ChannelEmailAndSms)
	cmd.Notification.SendReminder = true
	cmd.Notification.ReminderSmsBody = "Påminnelse: dere har ulest taushetsbelagt post."

	_, order := decideOneOrder(t, cmd, validSendContext())

	wantTexts := []domain.NotificationText{{
		Language:     "nb",
		EmailSubject: cmd.Notification.EmailSubject,
		EmailBody:    cmd.Notification.EmailBody,
		SmsBody:      cmd.Notification.SmsBody,
	}}
	if !reflect.DeepEqual(order.Texts, wantTexts) {
		t.Errorf("texts = %+v, want %+v", order.Texts, wantTexts)
	}

	// The reminder falls back to the main texts where no reminder text is given.
	wantReminder := []domain.NotificationText{{
		Language:     "nb",
		EmailSubject: cmd.Notification.EmailSubject,
		EmailBody:    cmd.Notification.EmailBody,
		SmsBody:      cmd.Notification.ReminderSmsBody,
	}}
	if !reflect.DeepEqual(order.ReminderTexts, wantReminder) {
		t.Errorf("reminder texts = %+v, want %+v", order.ReminderTexts, wantReminder)
	}
}

func TestIdempotentCorrespondenceID(t *testing.T) {
	org := domain.OrganizationParty(recipientOrg)
	key := "bv-2026-0042"

	// The id is part of the stored log: a retry long after the first send
	// must derive the same id, so the value is pinned.
	want := uuid.MustParse("376786de-ed65-594f-a18d-e551da89b928")
	if got := domain.IdempotentCorrespondenceID(senderOrg, key, org); got != want {
		t.Errorf("IdempotentCorrespondenceID = %s, want the pinned %s", got, want)
	}

	variants := map[string]uuid.UUID{
		"base":             domain.IdempotentCorrespondenceID(senderOrg, key, org),
		"other recipient":  domain.IdempotentCorrespondenceID(senderOrg, key, domain.OrganizationParty(secondOrg)),
		"person recipient": domain.IdempotentCorrespondenceID(senderOrg, key, domain.PersonParty(citizen)),
		"other key":        domain.IdempotentCorrespondenceID(senderOrg, key+"-2", org),
		"other sender":     domain.IdempotentCorrespondenceID(secondOrg, key, org),
	}
	seen := map[uuid.UUID]string{}
	for name, id := range variants {
		if other, ok := seen[id]; ok {
			t.Errorf("%s and %s derive the same id %s", name, other, id)
		}
		seen[id] = name
	}
}

func TestDecideSendIdempotentID(t *testing.T) {
	cmd := validSend()
	cmd.IdempotentKey = "bv-2026-0042"
	want := domain.IdempotentCorrespondenceID(senderOrg, cmd.IdempotentKey, domain.OrganizationParty(recipientOrg))

	for attempt := range 2 {
		sc := validSendContext()
		sc.NewID = uuid.New // random ids must not leak into the correspondence id

		c, order := decideOneOrder(t, cmd, sc)
		if c.ID != want {
			t.Errorf("attempt %d: correspondence id = %s, want %s", attempt+1, c.ID, want)
		}
		if order.CorrespondenceID != want {
			t.Errorf("attempt %d: order correspondenceId = %s, want %s", attempt+1, order.CorrespondenceID, want)
		}
	}
}

func TestCheckResend(t *testing.T) {
	cmd := validSend()
	cmd.IdempotentKey = "bv-2026-0042"
	stored, _ := decideOneOrder(t, cmd, validSendContext())

	if err := domain.CheckResend(senderCaller(), stored, cmd); err != nil {
		t.Errorf("CheckResend with the same request failed: %v", err)
	}

	changes := []struct {
		name   string
		change func(*domain.SendCorrespondence)
	}{
		{"other body", func(c *domain.SendCorrespondence) { c.Content.MessageBody = "Annet innhold." }},
		{"other title", func(c *domain.SendCorrespondence) { c.Content.MessageTitle = "Sak 2026/43" }},
		{"other due date", func(c *domain.SendCorrespondence) { c.DueDateTime = timePointer(sendNow.Add(time.Hour)) }},
		{"other notification", func(c *domain.SendCorrespondence) { c.Notification.SendReminder = true }},
	}
	for _, tt := range changes {
		t.Run(tt.name, func(t *testing.T) {
			changed := validSend()
			changed.IdempotentKey = cmd.IdempotentKey
			tt.change(&changed)

			if err := domain.CheckResend(senderCaller(), stored, changed); !errors.Is(err, domain.ErrConflict) {
				t.Errorf("CheckResend error = %v, want one wrapping ErrConflict", err)
			}
		})
	}
}

// sentState returns the state of a stream holding one CorrespondenceSent for
// c.
func sentState(c domain.Correspondence) domain.CorrespondenceState {
	var state domain.CorrespondenceState
	state.Apply(&domain.CorrespondenceSent{Correspondence: c})
	return state
}

func TestDecideOpen(t *testing.T) {
	c, _ := decideOneOrder(t, validSend(), validSendContext())
	resource := confidentialResource()
	granted := domain.Access{Grants: []domain.Grant{{Person: employee, ResourceID: resource.ID}}}
	openAt := sendNow.Add(time.Hour)

	t.Run("first open records the person", func(t *testing.T) {
		events, err := domain.DecideOpen(readerCaller(employee), sentState(c), granted, resource, openAt)
		if err != nil {
			t.Fatalf("DecideOpen failed: %v", err)
		}

		want := []domain.Event{&domain.CorrespondenceOpened{CorrespondenceID: c.ID, Person: employee, OpenedAt: openAt}}
		if !reflect.DeepEqual(events, want) {
			t.Errorf("DecideOpen = %+v, want %+v", events, want)
		}
	})

	t.Run("second open by the same person appends nothing", func(t *testing.T) {
		state := sentState(c)
		state.Apply(&domain.CorrespondenceOpened{CorrespondenceID: c.ID, Person: employee, OpenedAt: openAt})

		events, err := domain.DecideOpen(readerCaller(employee), state, granted, resource, openAt.Add(time.Hour))
		if err != nil {
			t.Fatalf("DecideOpen failed: %v", err)
		}
		if len(events) != 0 {
			t.Errorf("DecideOpen = %+v, want no events", events)
		}
	})

	t.Run("open by another person is recorded", func(t *testing.T) {
		state := sentState(c)
		state.Apply(&domain.CorrespondenceOpened{CorrespondenceID: c.ID, Person: employee, OpenedAt: openAt})
		access := domain.Access{Grants: []domain.Grant{{Person: manager, AccessPackage: domain.PackageConfidentialMail}}}

		events, err := domain.DecideOpen(readerCaller(manager), state, access, resource, openAt)
		if err != nil {
			t.Fatalf("DecideOpen failed: %v", err)
		}
		if len(events) != 1 {
			t.Fatalf("DecideOpen returned %d events, want 1", len(events))
		}
		if opened := events[0].(*domain.CorrespondenceOpened); opened.Person != manager {
			t.Errorf("opened by %s, want %s", opened.Person, manager)
		}
	})

	// Each case must fail exactly like a correspondence that does not exist.
	_, missingErr := domain.DecideOpen(readerCaller(employee), domain.CorrespondenceState{}, granted, resource, openAt)
	if !errors.Is(missingErr, domain.ErrNotFound) {
		t.Fatalf("DecideOpen of a missing correspondence: error = %v, want ErrNotFound", missingErr)
	}
	hidden := []struct {
		name   string
		person domain.PersonID
		access domain.Access
		// publishTime replaces the correspondence's publish time when set.
		publishTime time.Time
	}{
		{name: "unreadable by general manager", person: manager, access: domain.Access{Roles: []domain.KeyRole{domain.RoleGeneralManager}}},
		{name: "unreadable without access", person: outsider},
		{name: "unpublished", person: employee, access: granted, publishTime: openAt.Add(time.Second)},
	}
	for _, tt := range hidden {
		t.Run(tt.name, func(t *testing.T) {
			state := sentState(c)
			if !tt.publishTime.IsZero() {
				state.Correspondence.PublishTime = tt.publishTime
			}

			events, err := domain.DecideOpen(readerCaller(tt.person), state, tt.access, resource, openAt)
			if !errors.Is(err, domain.ErrNotFound) {
				t.Fatalf("DecideOpen error = %v, want ErrNotFound", err)
			}
			if err.Error() != missingErr.Error() {
				t.Errorf("DecideOpen error %q differs from a missing correspondence's %q", err, missingErr)
			}
			if events != nil {
				t.Errorf("DecideOpen returned events %+v with its error", events)
			}
		})
	}

	t.Run("organization token", func(t *testing.T) {
		caller := domain.Caller{Organization: recipientOrg, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}}
		if _, err := domain.DecideOpen(caller, sentState(c), granted, resource, openAt); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("DecideOpen error = %v, want ErrForbidden", err)
		}
	})
}

func TestCorrespondenceStateKeepsFirstOpening(t *testing.T) {
	c, _ := decideOneOrder(t, validSend(), validSendContext())
	first := sendNow.Add(time.Hour)

	state := sentState(c)
	state.Apply(&domain.CorrespondenceOpened{CorrespondenceID: c.ID, Person: employee, OpenedAt: first})
	state.Apply(&domain.CorrespondenceOpened{CorrespondenceID: c.ID, Person: employee, OpenedAt: first.Add(time.Hour)})

	if got := state.OpenedBy[employee]; !got.Equal(first) {
		t.Errorf("OpenedBy[%s] = %s, want the first opening %s", employee, got, first)
	}
	if len(state.OpenedBy) != 1 {
		t.Errorf("OpenedBy has %d persons, want 1", len(state.OpenedBy))
	}
}

// sampleEvents returns one event of every type with every field set, so that
// a field the codec drops shows up in the round trip.
func sampleEvents() []domain.Event {
	at := time.Date(2026, time.March, 2, 9, 30, 15, 123456789, time.UTC)
	due := at.Add(14 * 24 * time.Hour)
	reminder := at.Add(7 * 24 * time.Hour)
	orderID := uuid.MustParse("5a0e7c3e-8f41-4b8e-9d52-0c6f1e2a9b70")
	correspondenceID := uuid.MustParse("1d4f5b8a-2c3e-4f60-8a71-b9c0d1e2f304")
	resource := confidentialResource()
	grant := domain.Grant{Person: employee, ResourceID: resource.ID}

	return []domain.Event{
		&domain.ResourceRegistered{Resource: resource},
		&domain.ResourceUpdated{Resource: ordinaryResource()},
		&domain.KeyRoleAssigned{Organization: recipientOrg, Person: manager, Role: domain.RoleGeneralManager},
		&domain.KeyRoleRemoved{Organization: recipientOrg, Person: manager, Role: domain.RoleChairOfTheBoard},
		&domain.AccessGranted{Organization: recipientOrg, Grant: grant, GrantedBy: manager},
		&domain.AccessRevoked{Organization: recipientOrg, Grant: domain.Grant{Person: employee, AccessPackage: domain.PackageConfidentialMail}, RevokedBy: manager},
		&domain.ContactPointsSet{Organization: recipientOrg, EmailAddresses: []string{"post@example.no"}, MobileNumbers: []string{"+4791234567"}},
		&domain.CorrespondenceSent{Correspondence: domain.Correspondence{
			ID:                   correspondenceID,
			ResourceID:           resource.ID,
			Sender:               senderOrg,
			SendersReference:     "bv-2026-0042",
			MessageSender:        "Oslo kommune",
			Content:              domain.Content{Language: "nn", MessageTitle: "Sak 2026/42", MessageSummary: "Samandrag", MessageBody: "Innhald"},
			Recipient:            domain.OrganizationParty(recipientOrg),
			SentAt:               at,
			RequestedPublishTime: &at,
			PublishTime:          at,
			DueDateTime:          &due,
			IsConfidential:       true,
			IsConfirmationNeeded: true,
			IdempotentKey:        "bv-2026-0042",
			RequestHash:          "c0ffee",
			ExternalReferences:   []domain.ExternalReference{{ReferenceValue: "2026/42", ReferenceType: "CaseNumber"}},
			PropertyList:         []domain.Property{{Key: "avdeling", Value: "Vest"}},
			ReplyOptions:         []domain.ReplyOption{{LinkURL: "https://svar.example.no/42", LinkText: "Svar"}},
			NotificationOrderID:  &orderID,
		}},
		&domain.NotificationOrdered{Order: domain.NotificationOrder{
			ID:                orderID,
			CorrespondenceID:  correspondenceID,
			Recipient:         domain.PersonParty(citizen),
			Template:          domain.TemplateCustomMessage,
			Channel:           domain.ChannelEmailAndSms,
			Texts:             []domain.NotificationText{{Language: "nb", EmailSubject: "Emne", EmailBody: "Tekst", SmsBody: "SMS"}},
			ReminderTexts:     []domain.NotificationText{{Language: "nb", EmailSubject: "Påminnelse", EmailBody: "Tekst", SmsBody: "SMS"}},
			RequestedSendTime: at,
			ReminderSendTime:  &reminder,
		}},
		&domain.CorrespondenceOpened{CorrespondenceID: correspondenceID, Person: employee, OpenedAt: at},
	}
}

func TestEventRoundTrip(t *testing.T) {
	covered := map[string]bool{}
	for _, e := range sampleEvents() {
		t.Run(e.EventType(), func(t *testing.T) {
			eventType, data, err := domain.EncodeEvent(e)
			if err != nil {
				t.Fatalf("EncodeEvent failed: %v", err)
			}
			if eventType != e.EventType() {
				t.Errorf("EncodeEvent type = %q, want %q", eventType, e.EventType())
			}

			decoded, err := domain.DecodeEvent(eventType, data)
			if err != nil {
				t.Fatalf("DecodeEvent(%s) failed: %v", data, err)
			}
			if !reflect.DeepEqual(decoded, e) {
				t.Errorf("round trip changed the event:\n got %+v\nwant %+v\njson %s", decoded, e, data)
			}
		})
		covered[e.EventType()] = true
	}

	for _, eventType := range domain.EventTypes() {
		if !covered[eventType] {
			t.Errorf("sampleEvents has no %s event; add one so its codec is tested", eventType)
		}
	}
}

// TestStoredEventTypeNames pins each stored type name. The names are part of
// the log format, so a failure here means old logs would no longer decode:
// restore the name rather than update the test.
func TestStoredEventTypeNames(t *testing.T) {
	pinned := []struct {
		event domain.Event
		want  string
	}{
		{&domain.ResourceRegistered{}, "postvern.resource.registered.v1"},
		{&domain.ResourceUpdated{}, "postvern.resource.updated.v1"},
		{&domain.KeyRoleAssigned{}, "postvern.organization.key-role-assigned.v1"},
		{&domain.KeyRoleRemoved{}, "postvern.organization.key-role-removed.v1"},
		{&domain.AccessGranted{}, "postvern.organization.access-granted.v1"},
		{&domain.AccessRevoked{}, "postvern.organization.access-revoked.v1"},
		{&domain.ContactPointsSet{}, "postvern.organization.contact-points-set.v1"},
		{&domain.CorrespondenceSent{}, "postvern.correspondence.sent.v1"},
		{&domain.NotificationOrdered{}, "postvern.correspondence.notification-ordered.v1"},
		{&domain.CorrespondenceOpened{}, "postvern.correspondence.opened.v1"},
	}

	var wantTypes []string
	for _, p := range pinned {
		if got := p.event.EventType(); got != p.want {
			t.Errorf("%T stores as %q, want %q", p.event, got, p.want)
		}

		decoded, err := domain.DecodeEvent(p.want, []byte(`{}`))
		if err != nil {
			t.Errorf("DecodeEvent(%q) failed: %v", p.want, err)
		} else if reflect.TypeOf(decoded) != reflect.TypeOf(p.event) {
			t.Errorf("DecodeEvent(%q) returned %T, want %T", p.want, decoded, p.event)
		}
		wantTypes = append(wantTypes, p.want)
	}

	got := slices.Sorted(slices.Values(domain.EventTypes()))
	slices.Sort(wantTypes)
	if !slices.Equal(got, wantTypes) {
		t.Errorf("EventTypes() = %v, want the pinned %v", got, wantTypes)
	}
}

func TestDecodeEventRejects(t *testing.T) {
	if _, err := domain.DecodeEvent("postvern.correspondence.deleted.v1", []byte(`{}`)); !errors.Is(err, domain.ErrUnknownEventType) {
		t.Errorf("DecodeEvent of an unknown type: error = %v, want ErrUnknownEventType", err)
	}
	if _, err := domain.DecodeEvent(domain.TypeCorrespondenceOpened, []byte(`{"person":`)); err == nil || errors.Is(err, domain.ErrUnknownEventType) {
		t.Errorf("DecodeEvent of truncated JSON: error = %v, want a decoding error", err)
	}
	data := []byte(`{"correspondence":{"recipient":"urn:altinn:organization:identifier-no:310057224"}}`)
	if _, err := domain.DecodeEvent(domain.TypeCorrespondenceSent, data); err == nil {
		t.Error("DecodeEvent accepted a recipient with a wrong check digit")
	}
}

func FuzzDecodeEvent(f *testing.F) {
	for _, e := range sampleEvents() {
		_, data, err := domain.EncodeEvent(e)
		if err != nil {
			f.Fatalf("EncodeEvent(%T) failed: %v", e, err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"correspondence":{"recipient":"310057223","dueDateTime":null}}`))
	f.Add([]byte(`{"order":{"recipient":1}}`))

	f.Fuzz(func(t *testing.T, data []byte) {
		for _, eventType := range domain.EventTypes() {
			e, err := domain.DecodeEvent(eventType, data)
			if err != nil {
				continue
			}
			if e == nil {
				t.Fatalf("DecodeEvent(%s, %q) returned neither an event nor an error", eventType, data)
			}
			if e.EventType() != eventType {
				t.Fatalf("DecodeEvent(%s, %q) returned a %s event", eventType, data, e.EventType())
			}
			if _, _, err := domain.EncodeEvent(e); err != nil {
				t.Fatalf("DecodeEvent(%s, %q) accepted an event that EncodeEvent rejects: %v", eventType, data, err)
			}
		}
	})
}

func TestCheckResendRules(t *testing.T) {
	cmd := validSend()
	cmd.IdempotentKey = "bv-2026-0042"
	stored, _ := decideOneOrder(t, cmd, validSendContext())

	t.Run("recipient written as bare number is the same send", func(t *testing.T) {
		retry := cmd
		retry.Recipients = []string{domain.OrganizationURNPrefix + cmd.Recipients[0]}
		if strings.HasPrefix(cmd.Recipients[0], domain.OrganizationURNPrefix) {
			retry.Recipients = []string{strings.TrimPrefix(cmd.Recipients[0], domain.OrganizationURNPrefix)}
		}
		if err := domain.CheckResend(senderCaller(), stored, retry); err != nil {
			t.Fatalf("CheckResend = %v, want nil", err)
		}
	})

	t.Run("omitted sender counts as the caller", func(t *testing.T) {
		retry := cmd
		retry.Sender = ""
		if err := domain.CheckResend(senderCaller(), stored, retry); err != nil {
			t.Fatalf("CheckResend = %v, want nil", err)
		}
	})

	t.Run("another organization cannot retry", func(t *testing.T) {
		other := domain.Caller{Organization: secondOrg, Scopes: senderCaller().Scopes}
		if err := domain.CheckResend(other, stored, cmd); !errors.Is(err, domain.ErrForbidden) {
			t.Fatalf("CheckResend = %v, want ErrForbidden", err)
		}
	})
}

func TestDecideSendRejectsUnreadableText(t *testing.T) {
	tests := []struct {
		name      string
		change    func(*domain.SendCorrespondence)
		wantField string
	}{
		{"blank title", func(c *domain.SendCorrespondence) { c.Content.MessageTitle = "   " }, "content.messageTitle"},
		{"line break in title", func(c *domain.SendCorrespondence) { c.Content.MessageTitle = "Sak 1\nSak 2" }, "content.messageTitle"},
		{"NUL in title", func(c *domain.SendCorrespondence) { c.Content.MessageTitle = "Sak\x00" }, "content.messageTitle"},
		{"line separator in title", func(c *domain.SendCorrespondence) { c.Content.MessageTitle = "Sak 1\u2028Sak 2" }, "content.messageTitle"},
		{"tab in title", func(c *domain.SendCorrespondence) { c.Content.MessageTitle = "Sak\t1" }, "content.messageTitle"},
		{"escape in body", func(c *domain.SendCorrespondence) { c.Content.MessageBody = "Tekst\x1b[31m" }, "content.messageBody"},
		{"blank body", func(c *domain.SendCorrespondence) { c.Content.MessageBody = "\n\t " }, "content.messageBody"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := validSend()
			tt.change(&cmd)
			_, err := domain.DecideSend(senderCaller(), cmd, validSendContext())
			var validation *domain.ValidationError
			if !errors.As(err, &validation) || validation.Field != tt.wantField {
				t.Fatalf("DecideSend error = %v, want a ValidationError on %s", err, tt.wantField)
			}
		})
	}

	cmd := validSend()
	cmd.Content.MessageBody = "Første avsnitt.\r\n\r\n\tAndre avsnitt."
	if _, err := domain.DecideSend(senderCaller(), cmd, validSendContext()); err != nil {
		t.Fatalf("body with line breaks and a tab rejected: %v", err)
	}
}

// FuzzDecideSend feeds arbitrary text into the fields a sender controls. A
// send must either fail with a ValidationError or produce events that encode
// and decode back to the same correspondence.
func FuzzDecideSend(f *testing.F) {
	f.Add("Sak 24/1837", "Innhold", "310057223", "nb", "bv-1")
	f.Add("", "", "", "", "")
	f.Add("088443 97713", "x", "urn:altinn:person:identifier-no:08844397713", "nn", "")
	f.Add("a\u2028b", "\x00", "urn:altinn:organization:identifier-no:31005722x", "en", "k")
	f.Fuzz(func(t *testing.T, title, body, recipient, language, key string) {
		cmd := validSend()
		cmd.Content.MessageTitle = title
		cmd.Content.MessageBody = body
		cmd.Content.Language = language
		cmd.Recipients = []string{recipient}
		cmd.IdempotentKey = key

		sent, err := domain.DecideSend(senderCaller(), cmd, validSendContext())
		if err != nil {
			var validation *domain.ValidationError
			if !errors.As(err, &validation) {
				t.Fatalf("DecideSend failed with %T %v, want a ValidationError", err, err)
			}
			return
		}
		for _, one := range sent {
			for _, e := range one.Events {
				eventType, data, err := domain.EncodeEvent(e)
				if err != nil {
					t.Fatalf("encode %T: %v", e, err)
				}
				if _, err := domain.DecodeEvent(eventType, data); err != nil {
					t.Fatalf("decode %s: %v", eventType, err)
				}
			}
			if domain.ContainsPersonID(one.Correspondence.Content.MessageTitle) {
				t.Fatalf("accepted a title with a national identity number: %q", title)
			}
		}
	})
}
