package domain

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// Event is a fact that happened. Its stored type name never changes, even when
// the Go type is renamed, so that old logs stay readable.
type Event interface {
	// EventType returns the stored type name.
	EventType() string
}

// ResourceRegistered records a resource's first registration.
type ResourceRegistered struct {
	Resource Resource `json:"resource"`
}

// ResourceUpdated records a change to a registered resource's name or access
// packages.
type ResourceUpdated struct {
	Resource Resource `json:"resource"`
}

// KeyRoleAssigned records that the register gave a person a key role.
type KeyRoleAssigned struct {
	Organization OrganizationNumber `json:"organization"`
	Person       PersonID           `json:"person"`
	Role         KeyRole            `json:"role"`
}

// KeyRoleRemoved records that the register removed a person's key role.
type KeyRoleRemoved struct {
	Organization OrganizationNumber `json:"organization"`
	Person       PersonID           `json:"person"`
	Role         KeyRole            `json:"role"`
}

// AccessGranted records a delegation by a main administrator.
type AccessGranted struct {
	Organization OrganizationNumber `json:"organization"`
	Grant
	GrantedBy PersonID `json:"grantedBy"`
}

// AccessRevoked records that a main administrator withdrew a delegation.
type AccessRevoked struct {
	Organization OrganizationNumber `json:"organization"`
	Grant
	RevokedBy PersonID `json:"revokedBy"`
}

// ContactPointsSet records the organization's new notification addresses,
// replacing the earlier ones.
type ContactPointsSet struct {
	Organization   OrganizationNumber `json:"organization"`
	EmailAddresses []string           `json:"emailAddresses"`
	MobileNumbers  []string           `json:"mobileNumbers"`
}

// CorrespondenceSent records a correspondence to one recipient. It becomes
// visible to readers at PublishTime.
type CorrespondenceSent struct {
	Correspondence Correspondence `json:"correspondence"`
}

// NotificationOrdered records the order to notify a correspondence's
// recipient. Delivery is a separate step that reads these orders.
type NotificationOrdered struct {
	Order NotificationOrder `json:"order"`
}

// CorrespondenceOpened records that a person opened a correspondence. Each
// person opens a correspondence once: later opens append nothing.
type CorrespondenceOpened struct {
	CorrespondenceID uuid.UUID `json:"correspondenceId"`
	Person           PersonID  `json:"person"`
	OpenedAt         time.Time `json:"openedAt"`
}

// Stored type names. They are part of the log format: never change one.
const (
	TypeResourceRegistered   = "postvern.resource.registered.v1"
	TypeResourceUpdated      = "postvern.resource.updated.v1"
	TypeKeyRoleAssigned      = "postvern.organization.key-role-assigned.v1"
	TypeKeyRoleRemoved       = "postvern.organization.key-role-removed.v1"
	TypeAccessGranted        = "postvern.organization.access-granted.v1"
	TypeAccessRevoked        = "postvern.organization.access-revoked.v1"
	TypeContactPointsSet     = "postvern.organization.contact-points-set.v1"
	TypeCorrespondenceSent   = "postvern.correspondence.sent.v1"
	TypeNotificationOrdered  = "postvern.correspondence.notification-ordered.v1"
	TypeCorrespondenceOpened = "postvern.correspondence.opened.v1"
)

func (*ResourceRegistered) EventType() string   { return TypeResourceRegistered }
func (*ResourceUpdated) EventType() string      { return TypeResourceUpdated }
func (*KeyRoleAssigned) EventType() string      { return TypeKeyRoleAssigned }
func (*KeyRoleRemoved) EventType() string       { return TypeKeyRoleRemoved }
func (*AccessGranted) EventType() string        { return TypeAccessGranted }
func (*AccessRevoked) EventType() string        { return TypeAccessRevoked }
func (*ContactPointsSet) EventType() string     { return TypeContactPointsSet }
func (*CorrespondenceSent) EventType() string   { return TypeCorrespondenceSent }
func (*NotificationOrdered) EventType() string  { return TypeNotificationOrdered }
func (*CorrespondenceOpened) EventType() string { return TypeCorrespondenceOpened }

// newEvent returns an empty event for a stored type name. This switch is the
// table of known types: add a case for every new event.
func newEvent(eventType string) (Event, bool) {
	switch eventType {
	case TypeResourceRegistered:
		return &ResourceRegistered{}, true
	case TypeResourceUpdated:
		return &ResourceUpdated{}, true
	case TypeKeyRoleAssigned:
		return &KeyRoleAssigned{}, true
	case TypeKeyRoleRemoved:
		return &KeyRoleRemoved{}, true
	case TypeAccessGranted:
		return &AccessGranted{}, true
	case TypeAccessRevoked:
		return &AccessRevoked{}, true
	case TypeContactPointsSet:
		return &ContactPointsSet{}, true
	case TypeCorrespondenceSent:
		return &CorrespondenceSent{}, true
	case TypeNotificationOrdered:
		return &NotificationOrdered{}, true
	case TypeCorrespondenceOpened:
		return &CorrespondenceOpened{}, true
	default:
		return nil, false
	}
}

// EventTypes returns every stored type name this version can decode.
func EventTypes() []string {
	return []string{
		TypeResourceRegistered, TypeResourceUpdated, TypeKeyRoleAssigned, TypeKeyRoleRemoved,
		TypeAccessGranted, TypeAccessRevoked, TypeContactPointsSet, TypeCorrespondenceSent,
		TypeNotificationOrdered, TypeCorrespondenceOpened,
	}
}

// ErrUnknownEventType reports a stored type name this version does not know.
var ErrUnknownEventType = fmt.Errorf("unknown event type")

// DecodeEvent turns stored JSON into the event for eventType.
func DecodeEvent(eventType string, data []byte) (Event, error) {
	e, ok := newEvent(eventType)
	if !ok {
		return nil, fmt.Errorf("decode %q: %w", eventType, ErrUnknownEventType)
	}
	if err := json.Unmarshal(data, e); err != nil {
		return nil, fmt.Errorf("decode %s: %w", eventType, err)
	}
	return e, nil
}

// EncodeEvent returns the stored type name and JSON of e.
func EncodeEvent(e Event) (string, []byte, error) {
	data, err := json.Marshal(e)
	if err != nil {
		return "", nil, fmt.Errorf("encode %s: %w", e.EventType(), err)
	}
	return e.EventType(), data, nil
}

// Metadata describes an event's cause. It is stored beside the event's data.
type Metadata struct {
	// CausedBy is the URN of the person or organization whose request
	// appended the event.
	CausedBy string `json:"causedBy,omitempty"`
	// CorrelationID ties together the events of one request.
	CorrelationID string `json:"correlationId,omitempty"`
	// Command is the name of the command that appended the event.
	Command string `json:"command,omitempty"`
}

// Stream names.

// ResourceStream returns the stream of a resource.
func ResourceStream(id string) string { return "resource-" + id }

// OrganizationStream returns the stream of an organization.
func OrganizationStream(org OrganizationNumber) string { return "organization-" + string(org) }

// CorrespondenceStream returns the stream of a correspondence.
func CorrespondenceStream(id uuid.UUID) string { return "correspondence-" + id.String() }
