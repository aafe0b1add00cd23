package domain_test

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/postvern/postvern/domain"
)

// The notification texts that DecideSend stores in the order must have the
// same limits as the texts it checks, because the order is stored in the
// log, returned by the events query and sent by email and SMS.
func TestNotificationTextsLimited(t *testing.T) {
	tests := []struct {
		name      string
		change    func(*domain.NotificationInput)
		wantField string
	}{
		{"reminder email body over the email body limit", func(n *domain.NotificationInput) {
			n.SendReminder = true
			n.ReminderEmailBody = strings.Repeat("x", 100_000)
		}, "notification.reminderEmailBody"},
		{"reminder email subject over the subject limit", func(n *domain.NotificationInput) {
			n.SendReminder = true
			n.ReminderEmailSubject = strings.Repeat("x", 1_000)
		}, "notification.reminderEmailSubject"},
		{"escape sequence in reminder subject", func(n *domain.NotificationInput) {
			n.SendReminder = true
			n.ReminderEmailSubject = "Påminnelse\x1b[2J"
		}, "notification.reminderEmailSubject"},
		{"reminder SMS over the SMS limit", func(n *domain.NotificationInput) {
			n.NotificationChannel = domain.ChannelEmailAndSms
			n.SendReminder = true
			n.ReminderSmsBody = strings.Repeat("x", 100_000)
		}, "notification.reminderSmsBody"},
		{"SMS body on the email channel", func(n *domain.NotificationInput) {
			n.SmsBody = strings.Repeat("x", 100_000)
		}, "notification.smsBody"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := validSend()
			cmd.Notification = customMessage(domain.ChannelEmail)
			tt.change(cmd.Notification)

			sent, err := domain.DecideSend(senderCaller(), cmd, validSendContext())
			var validation *domain.ValidationError
			if errors.As(err, &validation) && validation.Field == tt.wantField {
				return
			}
			if err != nil {
				t.Fatalf("DecideSend error = %v, want a ValidationError on %s", err, tt.wantField)
			}
			for _, e := range sent[0].Events {
				order, ok := e.(*domain.NotificationOrdered)
				if !ok {
					continue
				}
				for _, text := range append(order.Order.Texts, order.Order.ReminderTexts...) {
					checkStoredText(t, "emailSubject", text.EmailSubject, 128)
					checkStoredText(t, "emailBody", text.EmailBody, 10_000)
					checkStoredText(t, "smsBody", text.SmsBody, 2_144)
				}
			}
		})
	}
}

func TestHashIgnoresTimeZone(t *testing.T) {
	publish := sendNow.Add(48 * time.Hour)
	due := publish.Add(14 * 24 * time.Hour)
	oslo := time.FixedZone("CET", 60*60)

	first := validSend()
	first.IdempotentKey = "bv-2026-0042"
	first.RequestedPublishTime = timePointer(publish.UTC())
	first.DueDateTime = timePointer(due.UTC())

	retry := first
	retry.RequestedPublishTime = timePointer(publish.In(oslo))
	retry.DueDateTime = timePointer(due.In(oslo))

	if first.Hash(senderCaller()) != retry.Hash(senderCaller()) {
		t.Errorf("the same instants written with another UTC offset give another request hash, so the retry fails with CONFLICT")
	}
}

// checkStoredText fails t when a stored notification text is longer than
// the limit that DecideSend applies to the text it checks, or contains a
// control character other than tab, line feed and carriage return.
func checkStoredText(t *testing.T, name, text string, limit int) {
	t.Helper()
	if n := utf8.RuneCountInString(text); n > limit {
		t.Errorf("stored %s is %d characters long; DecideSend limits the checked text to %d", name, n, limit)
	}
	for _, r := range text {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			t.Errorf("stored %s contains the control character %U", name, r)
			return
		}
	}
}

// DecideSend must either reject a time or return events that encode. JSON
// encoding of time.Time fails for years outside 0 to 9999, and DecideSend
// converts the client's times to UTC, which can move them out of that range.
func TestExtremeTimesEncode(t *testing.T) {
	east := time.FixedZone("UTC+23:59", 23*60*60+59*60)
	west := time.FixedZone("UTC-23:59", -(23*60*60 + 59*60))
	tests := []struct {
		name   string
		change func(*domain.SendCorrespondence)
	}{
		{"requested publish time in year 0", func(c *domain.SendCorrespondence) {
			c.RequestedPublishTime = timePointer(time.Date(0, time.January, 1, 0, 0, 0, 0, east))
		}},
		{"due date at the end of year 9999", func(c *domain.SendCorrespondence) {
			c.DueDateTime = timePointer(time.Date(9999, time.December, 31, 23, 0, 0, 0, west))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := validSend()
			tt.change(&cmd)
			sent, err := domain.DecideSend(senderCaller(), cmd, validSendContext())
			var validation *domain.ValidationError
			if errors.As(err, &validation) {
				return
			}
			if err != nil {
				t.Fatalf("DecideSend error = %v, want nil or a ValidationError", err)
			}
			for _, e := range sent[0].Events {
				if _, _, err := domain.EncodeEvent(e); err != nil {
					t.Errorf("DecideSend accepted the send but its %s event does not encode: %v", e.EventType(), err)
				}
			}
		})
	}
}
