package domain

import (
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Notification templates.
const (
	TemplateCustomMessage        = "CustomMessage"
	TemplateGenericAltinnMessage = "GenericAltinnMessage"
)

// Notification channels.
const (
	ChannelEmail          = "Email"
	ChannelSms            = "Sms"
	ChannelEmailPreferred = "EmailPreferred"
	ChannelSmsPreferred   = "SmsPreferred"
	ChannelEmailAndSms    = "EmailAndSms"
)

// Channels lists every notification channel.
var Channels = []string{ChannelEmail, ChannelSms, ChannelEmailPreferred, ChannelSmsPreferred, ChannelEmailAndSms}

// DefaultReminderDelay is the time between the main notification and the
// reminder when the sender requests one.
const DefaultReminderDelay = 7 * 24 * time.Hour

// NotificationInput is the notification part of a send request.
type NotificationInput struct {
	NotificationTemplate string `json:"notificationTemplate"`
	NotificationChannel  string `json:"notificationChannel"`
	EmailSubject         string `json:"emailSubject,omitempty"`
	EmailBody            string `json:"emailBody,omitempty"`
	SmsBody              string `json:"smsBody,omitempty"`
	SendReminder         bool   `json:"sendReminder"`
	ReminderEmailSubject string `json:"reminderEmailSubject,omitempty"`
	ReminderEmailBody    string `json:"reminderEmailBody,omitempty"`
	ReminderSmsBody      string `json:"reminderSmsBody,omitempty"`
}

// NotificationText is one language's rendering of a notification.
type NotificationText struct {
	Language     string `json:"language"`
	EmailSubject string `json:"emailSubject,omitempty"`
	EmailBody    string `json:"emailBody,omitempty"`
	SmsBody      string `json:"smsBody,omitempty"`
}

// NotificationOrder is the order to notify a correspondence's recipient, with
// the texts rendered. A delivery step sends it to the recipient's contact
// points at RequestedSendTime and, when ReminderSendTime is set, reminds
// unless the correspondence has been read by then.
type NotificationOrder struct {
	ID                uuid.UUID          `json:"id"`
	CorrespondenceID  uuid.UUID          `json:"correspondenceId"`
	Recipient         Party              `json:"recipient"`
	Template          string             `json:"notificationTemplate"`
	Channel           string             `json:"notificationChannel"`
	Texts             []NotificationText `json:"texts"`
	ReminderTexts     []NotificationText `json:"reminderTexts,omitempty"`
	RequestedSendTime time.Time          `json:"requestedSendTime"`
	ReminderSendTime  *time.Time         `json:"reminderSendTime,omitempty"`
}

func validateNotification(cmd SendCorrespondence) error {
	n := cmd.Notification
	if n == nil {
		return nil
	}

	if !slices.Contains(Channels, n.NotificationChannel) {
		return invalid("notification.notificationChannel", "%q is not a channel: use one of %s", n.NotificationChannel, strings.Join(Channels, ", "))
	}
	wantsEmail := n.NotificationChannel != ChannelSms
	wantsSms := n.NotificationChannel != ChannelEmail

	// Every text is bounded whatever the channel, since the order stores all
	// of them.
	limits := []struct {
		field   string
		text    string
		maximum int
	}{
		{"notification.emailSubject", n.EmailSubject, 128},
		{"notification.emailBody", n.EmailBody, 10000},
		{"notification.smsBody", n.SmsBody, 2144},
		{"notification.reminderEmailSubject", n.ReminderEmailSubject, 128},
		{"notification.reminderEmailBody", n.ReminderEmailBody, 10000},
		{"notification.reminderSmsBody", n.ReminderSmsBody, 2144},
	}
	for _, l := range limits {
		if err := checkLength(l.field, l.text, 0, l.maximum); err != nil {
			return err
		}
	}

	switch n.NotificationTemplate {
	case TemplateGenericAltinnMessage:
	case TemplateCustomMessage:
		if wantsEmail {
			if err := checkLength("notification.emailSubject", n.EmailSubject, 1, 128); err != nil {
				return err
			}
			if err := checkLength("notification.emailBody", n.EmailBody, 1, 10000); err != nil {
				return err
			}
		}
		if wantsSms {
			if err := checkLength("notification.smsBody", n.SmsBody, 1, 2144); err != nil {
				return err
			}
		}
	default:
		return invalid("notification.notificationTemplate", "%q is not a template: use %s or %s", n.NotificationTemplate, TemplateCustomMessage, TemplateGenericAltinnMessage)
	}

	// A notification travels over email and SMS, so it must not carry a
	// national identity number, and the title and messageSender end up in
	// the standard text.
	texts := []struct{ field, text string }{
		{"content.messageTitle", cmd.Content.MessageTitle},
		{"messageSender", cmd.MessageSender},
		{"notification.emailSubject", n.EmailSubject},
		{"notification.emailBody", n.EmailBody},
		{"notification.smsBody", n.SmsBody},
		{"notification.reminderEmailSubject", n.ReminderEmailSubject},
		{"notification.reminderEmailBody", n.ReminderEmailBody},
		{"notification.reminderSmsBody", n.ReminderSmsBody},
	}
	for _, t := range texts {
		if ContainsPersonID(t.text) {
			return invalid(t.field, "contains a national identity number; notifications must not carry personal data, so use a case number or the case officer's name instead")
		}
	}
	return nil
}

func newNotificationOrder(id uuid.UUID, c Correspondence, resource Resource, n NotificationInput) NotificationOrder {
	order := NotificationOrder{
		ID:                id,
		CorrespondenceID:  c.ID,
		Recipient:         c.Recipient,
		Template:          n.NotificationTemplate,
		Channel:           n.NotificationChannel,
		RequestedSendTime: c.PublishTime,
	}

	if n.NotificationTemplate == TemplateCustomMessage {
		order.Texts = []NotificationText{{Language: c.Content.Language, EmailSubject: n.EmailSubject, EmailBody: n.EmailBody, SmsBody: n.SmsBody}}
	} else {
		order.Texts = StandardNotificationTexts(c, resource, false)
	}

	if n.SendReminder {
		at := c.PublishTime.Add(DefaultReminderDelay)
		order.ReminderSendTime = &at
		if n.NotificationTemplate == TemplateCustomMessage {
			order.ReminderTexts = []NotificationText{{
				Language:     c.Content.Language,
				EmailSubject: firstNonEmpty(n.ReminderEmailSubject, n.EmailSubject),
				EmailBody:    firstNonEmpty(n.ReminderEmailBody, n.EmailBody),
				SmsBody:      firstNonEmpty(n.ReminderSmsBody, n.SmsBody),
			}}
		} else {
			order.ReminderTexts = StandardNotificationTexts(c, resource, true)
		}
	}
	return order
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
