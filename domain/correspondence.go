package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Field limits, the same as Altinn's Correspondence API.
const (
	MaxTitleLength            = 255
	MaxSummaryLength          = 255
	MaxBodyLength             = 30000
	MaxSendersReferenceLength = 4096
	MaxMessageSenderLength    = 256
	MaxRecipients             = 500
	MaxProperties             = 10
	MaxPropertyKeyLength      = 50
	MaxPropertyValueLength    = 300
	MaxIdempotentKeyLength    = 200
	MaxExternalReferences     = 20
	MaxReplyOptions           = 10
)

// Languages that content and notifications may be written in.
var Languages = []string{"nb", "nn", "en"}

// Content is the message text of a correspondence.
type Content struct {
	Language       string `json:"language"`
	MessageTitle   string `json:"messageTitle"`
	MessageSummary string `json:"messageSummary,omitempty"`
	MessageBody    string `json:"messageBody"`
}

// ExternalReference links a correspondence to something outside Postvern.
type ExternalReference struct {
	ReferenceValue string `json:"referenceValue"`
	ReferenceType  string `json:"referenceType"`
}

// Property is one key/value pair of a correspondence's property list.
type Property struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// ReplyOption is a link the recipient can follow to reply.
type ReplyOption struct {
	LinkURL  string `json:"linkURL"`
	LinkText string `json:"linkText,omitempty"`
}

// Correspondence is one message to one recipient, as stored when sent.
type Correspondence struct {
	ID                   uuid.UUID           `json:"id"`
	ResourceID           string              `json:"resourceId"`
	Sender               OrganizationNumber  `json:"sender"`
	SendersReference     string              `json:"sendersReference"`
	MessageSender        string              `json:"messageSender,omitempty"`
	Content              Content             `json:"content"`
	Recipient            Party               `json:"recipient"`
	SentAt               time.Time           `json:"sentAt"`
	RequestedPublishTime *time.Time          `json:"requestedPublishTime,omitempty"`
	PublishTime          time.Time           `json:"publishTime"`
	DueDateTime          *time.Time          `json:"dueDateTime,omitempty"`
	IsConfidential       bool                `json:"isConfidential"`
	IsConfirmationNeeded bool                `json:"isConfirmationNeeded"`
	IdempotentKey        string              `json:"idempotentKey,omitempty"`
	RequestHash          string              `json:"requestHash"`
	ExternalReferences   []ExternalReference `json:"externalReferences,omitempty"`
	PropertyList         []Property          `json:"propertyList,omitempty"`
	ReplyOptions         []ReplyOption       `json:"replyOptions,omitempty"`
	NotificationOrderID  *uuid.UUID          `json:"notificationOrderId,omitempty"`
}

// MarshalJSON stores the recipient as its URN.
func (p Party) MarshalJSON() ([]byte, error) { return json.Marshal(p.URN()) }

// UnmarshalJSON reads a party URN.
func (p *Party) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	parsed, err := ParseParty(s)
	if err != nil {
		return err
	}
	*p = parsed
	return nil
}

// SendCorrespondence is the command to send a correspondence to one or more
// recipients. Its fields carry Altinn's request names.
type SendCorrespondence struct {
	ResourceID           string              `json:"resourceId"`
	Sender               string              `json:"sender"`
	SendersReference     string              `json:"sendersReference"`
	MessageSender        string              `json:"messageSender,omitempty"`
	Content              Content             `json:"content"`
	Recipients           []string            `json:"recipients"`
	RequestedPublishTime *time.Time          `json:"requestedPublishTime,omitempty"`
	DueDateTime          *time.Time          `json:"dueDateTime,omitempty"`
	IsConfidential       bool                `json:"isConfidential"`
	IsConfirmationNeeded bool                `json:"isConfirmationNeeded"`
	IdempotentKey        string              `json:"idempotentKey,omitempty"`
	Notification         *NotificationInput  `json:"notification,omitempty"`
	ExternalReferences   []ExternalReference `json:"externalReferences,omitempty"`
	PropertyList         []Property          `json:"propertyList,omitempty"`
	ReplyOptions         []ReplyOption       `json:"replyOptions,omitempty"`
}

// Hash returns a digest of the request's content, which distinguishes a
// retry of the same send from a different send that reuses an idempotent key. The sender
// and recipients count in their URN form, so a retry may write them as bare
// numbers or URNs, and an omitted sender counts as the caller's
// organization.
func (cmd SendCorrespondence) Hash(caller Caller) string {
	normalized := cmd
	normalized.IdempotentKey = ""
	normalized.RequestedPublishTime = utcPointer(cmd.RequestedPublishTime)
	normalized.DueDateTime = utcPointer(cmd.DueDateTime)
	if sender, err := ParseSender(caller, cmd); err == nil {
		normalized.Sender = sender.URN()
	}
	normalized.Recipients = make([]string, len(cmd.Recipients))
	for i, raw := range cmd.Recipients {
		normalized.Recipients[i] = raw
		if party, err := ParseParty(raw); err == nil {
			normalized.Recipients[i] = party.URN()
		}
	}

	// Marshal fails only for times outside the years 0 to 9999, which
	// validation rejects before a hash is stored.
	data, _ := json.Marshal(normalized)
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// SendContext is what a send decision needs beyond the command: the stored
// state it depends on, the time, and the ids to use.
type SendContext struct {
	Now time.Time
	// Resource is the resource named by the command, nil when it is not
	// registered.
	Resource *Resource
	// KeyRoleHolders records, per recipient organization, whether anyone
	// holds a key role there.
	KeyRoleHolders map[OrganizationNumber]bool
	// NewID returns a random id for a correspondence or notification order.
	NewID func() uuid.UUID
}

// SentCorrespondence is the outcome of a send for one recipient: the events
// to append to the correspondence's new stream.
type SentCorrespondence struct {
	Correspondence Correspondence
	Events         []Event
}

// idempotencyNamespace is the UUID namespace for correspondence ids derived
// from an idempotent key. Changing it would break retries of earlier sends.
var idempotencyNamespace = uuid.MustParse("6f1c7c52-3b0e-4c55-9a55-2f4d8e1b7a10")

// ResendID returns the id that a send with an idempotent key derives, and
// false when the send has no key or its sender or single recipient does not
// parse, in which case DecideSend reports the problem.
func ResendID(caller Caller, cmd SendCorrespondence) (uuid.UUID, bool) {
	if cmd.IdempotentKey == "" || len(cmd.Recipients) != 1 {
		return uuid.UUID{}, false
	}
	sender, err := ParseSender(caller, cmd)
	if err != nil || sender != caller.Organization {
		// A send in another organization's name is rejected by DecideSend
		// whether or not that organization used the key, which reveals
		// nothing about its sends.
		return uuid.UUID{}, false
	}
	recipient, err := ParseParty(cmd.Recipients[0])
	if err != nil {
		return uuid.UUID{}, false
	}
	return IdempotentCorrespondenceID(sender, cmd.IdempotentKey, recipient), true
}

// IdempotentCorrespondenceID derives the id of the correspondence a sender
// sends with key to recipient, so that a retry finds the first send.
func IdempotentCorrespondenceID(sender OrganizationNumber, key string, recipient Party) uuid.UUID {
	return uuid.NewSHA1(idempotencyNamespace, []byte(string(sender)+"\x00"+key+"\x00"+recipient.URN()))
}

// ParseSender returns the organization that sends cmd: its sender field, or
// the caller's organization when the field is empty.
func ParseSender(caller Caller, cmd SendCorrespondence) (OrganizationNumber, error) {
	if strings.TrimSpace(cmd.Sender) == "" {
		if caller.Organization == "" {
			return "", invalid("sender", "is required: give the sending organization's number")
		}
		return caller.Organization, nil
	}
	sender, err := ParseOrganizationNumber(cmd.Sender)
	if err != nil {
		return "", invalid("sender", "%s", trimKind(err))
	}
	return sender, nil
}

// ParseRecipients validates the recipient list and returns the parties.
func ParseRecipients(cmd SendCorrespondence) ([]Party, error) {
	if len(cmd.Recipients) == 0 {
		return nil, invalid("recipients", "is empty: give at least one organization number or national identity number")
	}
	if len(cmd.Recipients) > MaxRecipients {
		return nil, invalid("recipients", "has %d entries; the maximum is %d", len(cmd.Recipients), MaxRecipients)
	}
	if cmd.IdempotentKey != "" && len(cmd.Recipients) > 1 {
		return nil, invalid("idempotentKey", "cannot be used with %d recipients; send to each recipient with its own key", len(cmd.Recipients))
	}

	parties := make([]Party, 0, len(cmd.Recipients))
	for i, raw := range cmd.Recipients {
		p, err := ParseParty(raw)
		if err != nil {
			return nil, invalid(fmt.Sprintf("recipients[%d]", i), "%s", trimKind(err))
		}
		if slices.Contains(parties, p) {
			return nil, invalid(fmt.Sprintf("recipients[%d]", i), "%s is listed twice", p.URN())
		}
		parties = append(parties, p)
	}
	return parties, nil
}

// DecideSend validates cmd against the rules for sending and returns, per
// recipient, the correspondence and the events to append. It rejects the
// whole send when any rule fails, so that nothing is written.
func DecideSend(caller Caller, cmd SendCorrespondence, sc SendContext) ([]SentCorrespondence, error) {
	if err := AuthorizeSender(caller); err != nil {
		return nil, err
	}
	if err := ValidateResourceID("resourceId", cmd.ResourceID); err != nil {
		return nil, err
	}
	sender, err := ParseSender(caller, cmd)
	if err != nil {
		return nil, err
	}
	if sc.Resource == nil {
		return nil, invalid("resourceId", "resource %s is not registered; register it with registerResource or check the id", cmd.ResourceID)
	}
	if err := AuthorizeSend(caller, sender, *sc.Resource); err != nil {
		return nil, err
	}
	recipients, err := ParseRecipients(cmd)
	if err != nil {
		return nil, err
	}
	if err := validateFields(cmd, sc.Now); err != nil {
		return nil, err
	}
	if err := validateConfidentiality(cmd, *sc.Resource, recipients, sc.KeyRoleHolders); err != nil {
		return nil, err
	}
	if err := validateNotification(cmd); err != nil {
		return nil, err
	}

	publishTime := sc.Now
	if cmd.RequestedPublishTime != nil && cmd.RequestedPublishTime.After(sc.Now) {
		publishTime = *cmd.RequestedPublishTime
	}
	hash := cmd.Hash(caller)

	sent := make([]SentCorrespondence, 0, len(recipients))
	for _, recipient := range recipients {
		id := sc.NewID()
		if cmd.IdempotentKey != "" {
			id = IdempotentCorrespondenceID(sender, cmd.IdempotentKey, recipient)
		}
		c := Correspondence{
			ID:                   id,
			ResourceID:           cmd.ResourceID,
			Sender:               sender,
			SendersReference:     cmd.SendersReference,
			MessageSender:        cmd.MessageSender,
			Content:              cmd.Content,
			Recipient:            recipient,
			SentAt:               sc.Now.UTC(),
			RequestedPublishTime: utcPointer(cmd.RequestedPublishTime),
			PublishTime:          publishTime.UTC(),
			DueDateTime:          utcPointer(cmd.DueDateTime),
			IsConfidential:       cmd.IsConfidential,
			IsConfirmationNeeded: cmd.IsConfirmationNeeded,
			IdempotentKey:        cmd.IdempotentKey,
			RequestHash:          hash,
			ExternalReferences:   cmd.ExternalReferences,
			PropertyList:         cmd.PropertyList,
			ReplyOptions:         cmd.ReplyOptions,
		}

		events := []Event{}
		var order *NotificationOrder
		if cmd.Notification != nil {
			o := newNotificationOrder(sc.NewID(), c, *sc.Resource, *cmd.Notification)
			c.NotificationOrderID = &o.ID
			order = &o
		}
		events = append(events, &CorrespondenceSent{Correspondence: c})
		if order != nil {
			events = append(events, &NotificationOrdered{Order: *order})
		}
		sent = append(sent, SentCorrespondence{Correspondence: c, Events: events})
	}
	return sent, nil
}

// CheckResend decides a send whose idempotent key names a correspondence
// that is already stored. Only the organization that sent it may retry. The
// same content returns nil, so the caller gets the stored correspondence, and
// different content is a conflict. A retry is not validated again, so it
// succeeds even after the first send's due date has passed.
func CheckResend(caller Caller, stored Correspondence, cmd SendCorrespondence) error {
	if caller.Organization != stored.Sender || !caller.Has(ScopeCorrespondenceWrite) {
		return forbidden("only %s, with the scope %s, may retry this send", stored.Sender.URN(), ScopeCorrespondenceWrite)
	}
	if stored.RequestHash == cmd.Hash(caller) {
		return nil
	}
	return conflict("idempotentKey %q was already used for correspondence %s with different content; use a new key for a new correspondence", cmd.IdempotentKey, stored.ID)
}

func validateFields(cmd SendCorrespondence, now time.Time) error {
	if err := checkLength("sendersReference", cmd.SendersReference, 1, MaxSendersReferenceLength); err != nil {
		return err
	}
	if err := checkLength("messageSender", cmd.MessageSender, 0, MaxMessageSenderLength); err != nil {
		return err
	}
	if !slices.Contains(Languages, cmd.Content.Language) {
		return invalid("content.language", "%q is not supported: use nb, nn or en", cmd.Content.Language)
	}
	if err := checkLength("content.messageTitle", cmd.Content.MessageTitle, 1, MaxTitleLength); err != nil {
		return err
	}
	if strings.ContainsAny(cmd.Content.MessageTitle, "\r\n\t\u0085\u2028\u2029") {
		return invalid("content.messageTitle", "contains a tab or line break; a title is one line of text")
	}
	if err := checkLength("content.messageSummary", cmd.Content.MessageSummary, 0, MaxSummaryLength); err != nil {
		return err
	}
	if err := checkLength("content.messageBody", cmd.Content.MessageBody, 1, MaxBodyLength); err != nil {
		return err
	}
	if len(cmd.IdempotentKey) > MaxIdempotentKeyLength {
		return invalid("idempotentKey", "is %d characters long; the maximum is %d", len(cmd.IdempotentKey), MaxIdempotentKeyLength)
	}

	for _, t := range []struct {
		field string
		value *time.Time
	}{{"requestedPublishTime", cmd.RequestedPublishTime}, {"dueDateTime", cmd.DueDateTime}} {
		if t.value != nil && (t.value.UTC().Year() < 1 || t.value.UTC().Year() > 9999) {
			return invalid(t.field, "%s is outside the years 1 to 9999 in UTC; give a realistic time", t.value.Format(time.RFC3339))
		}
	}
	if cmd.DueDateTime != nil {
		if cmd.DueDateTime.Before(now) {
			return invalid("dueDateTime", "%s is in the past; give a time after now", cmd.DueDateTime.Format(time.RFC3339))
		}
		if cmd.RequestedPublishTime != nil && cmd.DueDateTime.Before(*cmd.RequestedPublishTime) {
			return invalid("dueDateTime", "%s is before requestedPublishTime %s; the due date must come after publishing", cmd.DueDateTime.Format(time.RFC3339), cmd.RequestedPublishTime.Format(time.RFC3339))
		}
	}

	if err := validateExtras(cmd); err != nil {
		return err
	}
	return nil
}

func validateExtras(cmd SendCorrespondence) error {
	if len(cmd.ExternalReferences) > MaxExternalReferences {
		return invalid("externalReferences", "has %d entries; the maximum is %d", len(cmd.ExternalReferences), MaxExternalReferences)
	}
	for i, ref := range cmd.ExternalReferences {
		if err := checkLength(fmt.Sprintf("externalReferences[%d].referenceValue", i), ref.ReferenceValue, 1, 1000); err != nil {
			return err
		}
		if err := checkLength(fmt.Sprintf("externalReferences[%d].referenceType", i), ref.ReferenceType, 1, 100); err != nil {
			return err
		}
	}

	if len(cmd.PropertyList) > MaxProperties {
		return invalid("propertyList", "has %d entries; the maximum is %d", len(cmd.PropertyList), MaxProperties)
	}
	keys := map[string]bool{}
	for i, p := range cmd.PropertyList {
		if err := checkLength(fmt.Sprintf("propertyList[%d].key", i), p.Key, 1, MaxPropertyKeyLength); err != nil {
			return err
		}
		if err := checkLength(fmt.Sprintf("propertyList[%d].value", i), p.Value, 0, MaxPropertyValueLength); err != nil {
			return err
		}
		if keys[p.Key] {
			return invalid(fmt.Sprintf("propertyList[%d].key", i), "%q is listed twice; keys must be unique", p.Key)
		}
		keys[p.Key] = true
	}

	if len(cmd.ReplyOptions) > MaxReplyOptions {
		return invalid("replyOptions", "has %d entries; the maximum is %d", len(cmd.ReplyOptions), MaxReplyOptions)
	}
	for i, r := range cmd.ReplyOptions {
		field := fmt.Sprintf("replyOptions[%d].linkURL", i)
		u, err := url.Parse(r.LinkURL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return invalid(field, "%q is not an absolute https URL", r.LinkURL)
		}
		if err := checkLength(fmt.Sprintf("replyOptions[%d].linkText", i), r.LinkText, 0, 255); err != nil {
			return err
		}
	}
	return nil
}

// validateConfidentiality enforces that isConfidential matches the resource,
// that confidential mail carries a notification, and that each recipient
// organization has a key role holder who could grant access.
func validateConfidentiality(cmd SendCorrespondence, resource Resource, recipients []Party, keyRoleHolders map[OrganizationNumber]bool) error {
	switch {
	case resource.Confidential() && !cmd.IsConfidential:
		return invalid("isConfidential", "resource %s is confidential, so isConfidential must be true", resource.ID)
	case !resource.Confidential() && cmd.IsConfidential:
		return invalid("isConfidential", "resource %s is not confidential, so isConfidential must be false; send confidential mail on a resource whose policy gives read through %s only", resource.ID, PackageConfidentialMail)
	}
	if !cmd.IsConfidential {
		return nil
	}

	if cmd.Notification == nil {
		return invalid("notification", "is required for confidential correspondence: without it nobody learns that access must be granted")
	}
	for i, r := range recipients {
		if r.IsOrganization() && !keyRoleHolders[r.Organization] {
			return invalid(fmt.Sprintf("recipients[%d]", i), "%s has no key role holder, so nobody could grant access to confidential correspondence; send it on paper or to a person instead", r.URN())
		}
	}
	return nil
}

// checkLength checks that value is valid UTF-8 of minimum to maximum
// characters, without control characters other than tab, line feed and
// carriage return. A required value (minimum 1 or more) must not be blank.
func checkLength(field, value string, minimum, maximum int) error {
	if !utf8.ValidString(value) {
		return invalid(field, "is not valid UTF-8")
	}
	for i, r := range value {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return invalid(field, "contains the control character %U at byte %d; remove it", r, i)
		}
	}
	n := utf8.RuneCountInString(value)
	if n < minimum || (minimum > 0 && strings.TrimSpace(value) == "") {
		if minimum == 1 {
			return invalid(field, "is required and must not be empty or blank")
		}
		return invalid(field, "is %d characters long; the minimum is %d", n, minimum)
	}
	if n > maximum {
		return invalid(field, "is %d characters long; the maximum is %d", n, maximum)
	}
	return nil
}

func utcPointer(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// CorrespondenceState is a correspondence stream folded.
type CorrespondenceState struct {
	Exists         bool
	Correspondence Correspondence
	// OpenedBy maps each person who opened the correspondence to the time of
	// the first opening.
	OpenedBy map[PersonID]time.Time
}

// Apply folds one event of the correspondence stream into the state.
func (s *CorrespondenceState) Apply(e Event) {
	switch ev := e.(type) {
	case *CorrespondenceSent:
		s.Exists = true
		s.Correspondence = ev.Correspondence
	case *CorrespondenceOpened:
		if s.OpenedBy == nil {
			s.OpenedBy = map[PersonID]time.Time{}
		}
		if _, ok := s.OpenedBy[ev.Person]; !ok {
			s.OpenedBy[ev.Person] = ev.OpenedAt
		}
	}
}

// Published reports whether the correspondence is visible at now.
func (c Correspondence) Published(now time.Time) bool { return !c.PublishTime.After(now) }

// DecideOpen returns the event that records person opening the
// correspondence, or none when they opened it before. A correspondence that
// the person may not read, or that is not yet published, is NOT_FOUND, the
// same error as for one that does not exist.
func DecideOpen(caller Caller, state CorrespondenceState, access Access, resource Resource, now time.Time) ([]Event, error) {
	person, err := AuthorizePersonRead(caller)
	if err != nil {
		return nil, err
	}
	if !state.Exists || !state.Correspondence.Published(now) {
		return nil, ErrCorrespondenceNotFound
	}
	target := ReadTarget{Recipient: state.Correspondence.Recipient, IsConfidential: state.Correspondence.IsConfidential, Resource: resource}
	if !CanRead(person, access, target).Allowed {
		return nil, ErrCorrespondenceNotFound
	}

	if _, ok := state.OpenedBy[person]; ok {
		return nil, nil
	}
	return []Event{&CorrespondenceOpened{CorrespondenceID: state.Correspondence.ID, Person: person, OpenedAt: now.UTC()}}, nil
}

// ErrCorrespondenceNotFound is returned for a correspondence that does not
// exist and for one the caller may not read: the two must look the same.
var ErrCorrespondenceNotFound error = &Rejection{Kind: ErrNotFound, Message: "correspondence not found: it does not exist or you have no access to it"}
