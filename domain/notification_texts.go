package domain

import "strings"

// RecipientNamePlaceholder stays in rendered notification texts: the delivery
// step replaces it with the recipient's registered name, which Postvern does
// not hold when the order is made.
const RecipientNamePlaceholder = "$recipientName$"

type standardText struct {
	subject, body, reminderPrefix string
}

// Texts for GenericAltinnMessage notifications, per language. Confidential
// texts state that the message is confidential, its title, and which service
// must be delegated, and carry no other content.
var (
	confidentialTexts = map[string]standardText{
		"nb": {
			subject:        "Taushetsbelagt melding til $recipientName$",
			body:           "$recipientName$ $recipientNumber$ har mottatt en taushetsbelagt melding: $messageTitle$ fra $sendersName$. For å få tilgang til meldingen må noen i $recipientName$ få tilgang til $resourceName$ i Postvern. Meldingen blir ikke synlig før noen har fått tilgang.",
			reminderPrefix: "Påminnelse: ",
		},
		"nn": {
			subject:        "Teiepliktig melding til $recipientName$",
			body:           "$recipientName$ $recipientNumber$ har fått ei teiepliktig melding: $messageTitle$ frå $sendersName$. For å få tilgang til meldinga må nokon i $recipientName$ få tilgang til $resourceName$ i Postvern. Meldinga blir ikkje synleg før nokon har fått tilgang.",
			reminderPrefix: "Påminning: ",
		},
		"en": {
			subject:        "Confidential message for $recipientName$",
			body:           "$recipientName$ $recipientNumber$ has received a confidential message: $messageTitle$ from $sendersName$. To access the message, someone in $recipientName$ must be granted access to $resourceName$ in Postvern. The message will not be visible before someone is granted access.",
			reminderPrefix: "Reminder: ",
		},
	}
	ordinaryTexts = map[string]standardText{
		"nb": {subject: "Ny melding i Postvern", body: "$recipientName$ har mottatt en ny melding i Postvern: $messageTitle$ fra $sendersName$.", reminderPrefix: "Påminnelse: "},
		"nn": {subject: "Ny melding i Postvern", body: "$recipientName$ har fått ei ny melding i Postvern: $messageTitle$ frå $sendersName$.", reminderPrefix: "Påminning: "},
		"en": {subject: "New message in Postvern", body: "$recipientName$ has received a new message in Postvern: $messageTitle$ from $sendersName$.", reminderPrefix: "Reminder: "},
	}
)

// StandardNotificationTexts renders the standard notification for c in
// bokmål, nynorsk and English, or the reminder when reminder is true. Every
// placeholder but RecipientNamePlaceholder is filled in.
func StandardNotificationTexts(c Correspondence, resource Resource, reminder bool) []NotificationText {
	table := ordinaryTexts
	if c.IsConfidential {
		table = confidentialTexts
	}

	sender := c.MessageSender
	if sender == "" {
		sender = c.Sender.URN()
	}
	recipientNumber := string(c.Recipient.Organization)
	if !c.Recipient.IsOrganization() {
		// A person's number is personal data and never goes in a notification.
		recipientNumber = ""
	}

	texts := make([]NotificationText, 0, len(Languages))
	for _, language := range Languages {
		t := table[language]
		replacer := strings.NewReplacer(
			"$recipientNumber$", recipientNumber,
			"$messageTitle$", c.Content.MessageTitle,
			"$sendersName$", sender,
			"$resourceName$", resource.Name.In(language),
		)
		subject := replacer.Replace(t.subject)
		body := strings.Join(strings.Fields(replacer.Replace(t.body)), " ")
		if reminder {
			subject = t.reminderPrefix + subject
			body = t.reminderPrefix + body
		}
		texts = append(texts, NotificationText{Language: language, EmailSubject: subject, EmailBody: body, SmsBody: body})
	}
	return texts
}
