package graph

import (
	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/eventstore"
	"github.com/postvern/postvern/graph/model"
	"github.com/postvern/postvern/projections"
)

// This file turns GraphQL inputs into commands and read models into GraphQL
// types. It makes no decisions.

func optional(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func pointer(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func sendCommand(in model.SendCorrespondenceInput) domain.SendCorrespondence {
	cmd := domain.SendCorrespondence{
		ResourceID:       in.ResourceID,
		Sender:           optional(in.Sender),
		SendersReference: in.SendersReference,
		MessageSender:    optional(in.MessageSender),
		Content: domain.Content{
			Language:       in.Content.Language,
			MessageTitle:   in.Content.MessageTitle,
			MessageSummary: optional(in.Content.MessageSummary),
			MessageBody:    in.Content.MessageBody,
		},
		Recipients:           in.Recipients,
		RequestedPublishTime: in.RequestedPublishTime,
		DueDateTime:          in.DueDateTime,
		IsConfidential:       in.IsConfidential != nil && *in.IsConfidential,
		IsConfirmationNeeded: in.IsConfirmationNeeded != nil && *in.IsConfirmationNeeded,
		IdempotentKey:        optional(in.IdempotentKey),
	}
	if n := in.Notification; n != nil {
		cmd.Notification = &domain.NotificationInput{
			NotificationTemplate: string(n.NotificationTemplate),
			NotificationChannel:  string(n.NotificationChannel),
			EmailSubject:         optional(n.EmailSubject),
			EmailBody:            optional(n.EmailBody),
			SmsBody:              optional(n.SmsBody),
			SendReminder:         n.SendReminder != nil && *n.SendReminder,
			ReminderEmailSubject: optional(n.ReminderEmailSubject),
			ReminderEmailBody:    optional(n.ReminderEmailBody),
			ReminderSmsBody:      optional(n.ReminderSmsBody),
		}
	}
	for _, r := range in.ExternalReferences {
		cmd.ExternalReferences = append(cmd.ExternalReferences, domain.ExternalReference{ReferenceValue: r.ReferenceValue, ReferenceType: r.ReferenceType})
	}
	for _, p := range in.PropertyList {
		cmd.PropertyList = append(cmd.PropertyList, domain.Property{Key: p.Key, Value: p.Value})
	}
	for _, r := range in.ReplyOptions {
		cmd.ReplyOptions = append(cmd.ReplyOptions, domain.ReplyOption{LinkURL: r.LinkURL, LinkText: optional(r.LinkText)})
	}
	return cmd
}

func localizedText(t domain.LocalizedText) *model.LocalizedText {
	return &model.LocalizedText{Nb: t.NB, Nn: pointer(t.NN), En: pointer(t.EN)}
}

func resourceModel(r domain.Resource) *model.Resource {
	return &model.Resource{
		ID:             r.ID,
		Owner:          r.Owner.URN(),
		Name:           localizedText(r.Name),
		AccessPackages: append([]string{}, r.AccessPackages...),
		IsConfidential: r.Confidential(),
	}
}

func correspondenceModel(item projections.Item, resource *domain.Resource) *model.Correspondence {
	c := item.Correspondence
	m := &model.Correspondence{
		ID:                   c.ID,
		ResourceID:           c.ResourceID,
		Sender:               c.Sender.URN(),
		SendersReference:     c.SendersReference,
		MessageSender:        pointer(c.MessageSender),
		Recipient:            c.Recipient.URN(),
		IsConfidential:       c.IsConfidential,
		IsConfirmationNeeded: c.IsConfirmationNeeded,
		Status:               model.CorrespondenceStatus(item.Status),
		Created:              c.SentAt,
		RequestedPublishTime: c.RequestedPublishTime,
		Published:            c.PublishTime,
		DueDateTime:          c.DueDateTime,
		OpenedAt:             item.OpenedAt,
		Content: &model.Content{
			Language:       c.Content.Language,
			MessageTitle:   c.Content.MessageTitle,
			MessageSummary: pointer(c.Content.MessageSummary),
		},
		ExternalReferences: []model.ExternalReference{},
		PropertyList:       []model.Property{},
		ReplyOptions:       []model.ReplyOption{},
	}
	// Inbox items carry no body; a single correspondence carries it once
	// the reader has opened it. A body is never empty.
	if item.OpenedAt != nil && c.Content.MessageBody != "" {
		body := c.Content.MessageBody
		m.Content.MessageBody = &body
	}
	if resource != nil {
		m.Resource = resourceModel(*resource)
	}
	for _, r := range c.ExternalReferences {
		m.ExternalReferences = append(m.ExternalReferences, model.ExternalReference{ReferenceValue: r.ReferenceValue, ReferenceType: r.ReferenceType})
	}
	for _, p := range c.PropertyList {
		m.PropertyList = append(m.PropertyList, model.Property{Key: p.Key, Value: p.Value})
	}
	for _, r := range c.ReplyOptions {
		m.ReplyOptions = append(m.ReplyOptions, model.ReplyOption{LinkURL: r.LinkURL, LinkText: pointer(r.LinkText)})
	}
	return m
}

func grantModel(org domain.OrganizationNumber, g domain.GrantRecord) *model.AccessGrant {
	m := &model.AccessGrant{
		Organization:  org.URN(),
		To:            g.Person.URN(),
		ResourceID:    pointer(g.ResourceID),
		AccessPackage: pointer(g.AccessPackage),
	}
	if g.GrantedBy != "" {
		m.GrantedBy = pointer(g.GrantedBy.URN())
	}
	if !g.GrantedAt.IsZero() {
		at := g.GrantedAt
		m.GrantedAt = &at
	}
	return m
}

func eventModel(e eventstore.RecordedEvent) model.Event {
	return model.Event{
		ID:         e.ID,
		Position:   int64(e.Position),
		Stream:     e.Stream,
		Revision:   int64(e.Revision),
		Type:       e.Type,
		RecordedAt: e.RecordedAt,
		Data:       model.RawJSON(e.Data),
		Metadata:   model.RawJSON(e.Metadata),
	}
}
