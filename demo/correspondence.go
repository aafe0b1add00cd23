package demo

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/postvern/postvern/domain"
)

// Shares of the correspondence, as probabilities per item.
const (
	// confidentialShare is the share sent on confidential resources.
	confidentialShare = 0.125
	// personShare is the share of ordinary correspondence sent to persons,
	// which makes about 5% of all correspondence.
	personShare = 0.057
	// ordinaryOpenShare and confidentialOpenShare are the shares opened by
	// someone who may read them, among the items that have such a reader.
	ordinaryOpenShare     = 0.3
	confidentialOpenShare = 0.6
)

// Resources by kind, in catalog order.
var (
	confidentialResources = filterResources(func(r *resourceSpec) bool { return r.confidential })
	ordinaryResources     = filterResources(func(r *resourceSpec) bool { return !r.confidential })
	personResources       = filterResources(func(r *resourceSpec) bool { return r.toPersons })
)

func filterResources(keep func(*resourceSpec) bool) []*resourceSpec {
	var out []*resourceSpec
	for _, r := range resourceCatalog {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

// resourceByID returns the catalog resource with id. It panics on an unknown
// id, which is a mistake in this package.
func resourceByID(id string) *resourceSpec {
	for _, r := range resourceCatalog {
		if r.id == id {
			return r
		}
	}
	panic("demo: no resource " + id + " in the catalog")
}

// pickResource draws a resource from resources by weight.
func pickResource(rng *rand.Rand, resources []*resourceSpec) *resourceSpec {
	total := 0
	for _, r := range resources {
		total += r.weight
	}
	n := rng.IntN(total)
	for _, r := range resources {
		if n < r.weight {
			return r
		}
		n -= r.weight
	}
	return resources[len(resources)-1]
}

// item is one planned correspondence: the send command and who opens it.
type item struct {
	index    int
	resource *resourceSpec
	cmd      domain.SendCorrespondence
	sentAt   time.Time
	// reader is the person who opens the correspondence at openAt, or ""
	// when no one does.
	reader domain.PersonID
	openAt time.Time
}

// planItem generates item index from the seed and the index alone, so that
// items can be generated in any order, one at a time, without keeping any.
//
// Item 0 is a confidential correspondence from the police to the general
// manager persona's organization, where no one may read it. Item 1 is
// a confidential correspondence to the employee persona's organization.
func (w *world) planItem(cfg Config, cal *calendar, index int) item {
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed)^correspondenceSalt, uint64(index)))
	it := item{index: index, sentAt: cal.sendTime(index, rng.Float64())}

	var recipient domain.Party
	var org *organization
	switch {
	case index == 0:
		it.resource = resourceByID("politiet-bekymringsmelding")
		org = w.organizations[generalManagerOrg]
	case index == 1:
		it.resource = pickResource(rng, confidentialResources)
		org = w.organizations[employeeOrg]
	case rng.Float64() < confidentialShare:
		it.resource = pickResource(rng, confidentialResources)
		org = w.organizations[w.withKeyRole[rng.IntN(len(w.withKeyRole))]]
	case rng.Float64() < personShare:
		it.resource = pickResource(rng, personResources)
		recipient = domain.PersonParty(w.persons[rng.IntN(len(w.persons))])
	default:
		it.resource = pickResource(rng, ordinaryResources)
		org = w.organizations[rng.IntN(len(w.organizations))]
	}
	if org != nil {
		recipient = domain.OrganizationParty(org.number)
	}

	it.cmd = composeCommand(rng, cfg.Now, it.resource, recipient, it.sentAt)
	it.reader, it.openAt = planOpening(rng, cfg.Now, it, recipient, org)
	return it
}

// planOpening picks who opens the correspondence and when: a share of the
// items that someone may read, a little while after publishing, never after
// now.
func planOpening(rng *rand.Rand, now time.Time, it item, recipient domain.Party, org *organization) (domain.PersonID, time.Time) {
	var readers []domain.PersonID
	if org == nil {
		readers = []domain.PersonID{recipient.Person}
	} else {
		readers = org.readers(it.resource)
	}
	share := ordinaryOpenShare
	if it.resource.confidential {
		share = confidentialOpenShare
	}
	if len(readers) == 0 || rng.Float64() >= share {
		return "", time.Time{}
	}

	reader := readers[rng.IntN(len(readers))]
	publish := it.sentAt
	if it.cmd.RequestedPublishTime != nil {
		publish = *it.cmd.RequestedPublishTime
	}
	// Most mail is opened within a day or two, some after weeks.
	delay := time.Duration(rng.ExpFloat64() * float64(36*time.Hour))
	openAt := publish.Add(delay).Truncate(time.Second)
	if openAt.After(now) {
		openAt = now
	}
	if openAt.Before(publish) {
		openAt = publish
	}
	return reader, openAt
}

// letterFields are the values that fill a template's placeholders.
type letterFields struct {
	language string
	agency   *agency
	texts    resourceTexts
	caseNo   string
	officer  string
	replacer *strings.Replacer
}

// composeCommand builds the send command of one item.
func composeCommand(rng *rand.Rand, now time.Time, r *resourceSpec, recipient domain.Party, sentAt time.Time) domain.SendCorrespondence {
	language := "nb"
	if rng.Float64() < 0.15 {
		language = "nn"
	}
	f := letterFields{
		language: language,
		agency:   r.owner,
		texts:    r.texts[language],
		caseNo:   fmt.Sprintf("%02d/%d", sentAt.Year()%100, 1+rng.IntN(19999)),
		officer:  officerFirstNames[rng.IntN(len(officerFirstNames))] + " " + officerLastNames[rng.IntN(len(officerLastNames))],
	}
	period := sentAt.AddDate(0, -1-rng.IntN(3), 0)
	f.replacer = strings.NewReplacer(
		"{case}", f.caseNo,
		"{officer}", f.officer,
		"{agency}", r.owner.name.In(language),
		"{period}", letters[language].months[period.Month()-1]+" "+fmt.Sprint(period.Year()),
		"{year}", fmt.Sprint(sentAt.Year()-1),
		"{recipient}", string(recipient.Organization),
		"{officerTitle}", r.owner.officerTitle.In(language),
	)

	cmd := domain.SendCorrespondence{
		ResourceID:       r.id,
		Sender:           string(r.owner.number),
		SendersReference: fmt.Sprintf("%s-%d-%06d", r.owner.referencePrefix, sentAt.Year(), rng.IntN(1_000_000)),
		MessageSender:    r.owner.name.In(language),
		Content: domain.Content{
			Language:       language,
			MessageTitle:   f.replacer.Replace(pick(rng, f.texts.titles)),
			MessageSummary: f.replacer.Replace(pick(rng, f.texts.summaries)),
		},
		Recipients:     []string{recipient.URN()},
		IsConfidential: r.confidential,
	}

	// A scheduled publish time stays before now, so that everything in the
	// dataset is published.
	publish := sentAt
	if rng.Float64() < 0.04 {
		at := sentAt.Add(time.Duration(1+rng.IntN(48)) * time.Hour)
		if !at.After(now) {
			cmd.RequestedPublishTime = &at
			publish = at
		}
	}
	if rng.Float64() < 0.2 {
		due := publish.AddDate(0, 0, 14+rng.IntN(29))
		cmd.DueDateTime = &due
	}

	cmd.Content.MessageBody = composeBody(rng, f, recipient, cmd.DueDateTime)
	cmd.Notification = composeNotification(rng, f, r.confidential)
	addExtras(rng, &cmd, f)
	if rng.IntN(8) == 0 {
		cmd.IdempotentKey = newIDSource(rng)().String()
	}
	return cmd
}

// composeBody builds a letter of a few hundred to about 1,500 characters:
// greeting, the resource's paragraphs, the deadline, general sentences until
// the drawn length is reached, and the signature.
func composeBody(rng *rand.Rand, f letterFields, recipient domain.Party, due *time.Time) string {
	l := letters[f.language]
	target := 300 + rng.IntN(1100)

	greeting := l.personGreeting
	if recipient.IsOrganization() {
		greeting = l.organizationGreeting
	}
	parts := []string{f.replacer.Replace(greeting)}
	for i, p := range f.texts.paragraphs {
		if i == 0 || rng.Float64() < 0.8 {
			parts = append(parts, f.replacer.Replace(p))
		}
	}
	if due != nil {
		date := fmt.Sprintf("%d. %s %d", due.Day(), l.months[due.Month()-1], due.Year())
		parts = append(parts, strings.ReplaceAll(l.deadline, "{due}", date))
	}

	length := 0
	for _, p := range parts {
		length += utf8.RuneCountInString(p)
	}
	var paragraph []string
	for _, i := range rng.Perm(len(l.fillers)) {
		if length >= target {
			break
		}
		sentence := f.replacer.Replace(l.fillers[i])
		paragraph = append(paragraph, sentence)
		length += utf8.RuneCountInString(sentence) + 1
		if len(paragraph) == 2 {
			parts = append(parts, strings.Join(paragraph, " "))
			paragraph = nil
		}
	}
	if len(paragraph) > 0 {
		parts = append(parts, strings.Join(paragraph, " "))
	}

	parts = append(parts, f.replacer.Replace(l.closing))
	return strings.Join(parts, "\n\n")
}

// composeNotification returns the notification of a correspondence: always
// the standard text for confidential mail, which requires one, and for about
// two thirds of ordinary mail the standard text or a custom message.
func composeNotification(rng *rand.Rand, f letterFields, confidential bool) *domain.NotificationInput {
	if !confidential && rng.Float64() >= 0.65 {
		return nil
	}
	n := &domain.NotificationInput{
		NotificationTemplate: domain.TemplateGenericAltinnMessage,
		NotificationChannel:  pickChannel(rng),
	}
	reminderShare := 0.3
	if confidential {
		reminderShare = 0.6
	}
	n.SendReminder = rng.Float64() < reminderShare

	if !confidential && rng.Float64() < 0.25 {
		l := letters[f.language]
		n.NotificationTemplate = domain.TemplateCustomMessage
		n.EmailSubject = f.replacer.Replace(l.emailSubject)
		n.EmailBody = f.replacer.Replace(l.emailBody)
		n.SmsBody = f.replacer.Replace(l.smsBody)
	}
	return n
}

// pickChannel draws a notification channel, mostly EmailPreferred.
func pickChannel(rng *rand.Rand) string {
	switch r := rng.Float64(); {
	case r < 0.5:
		return domain.ChannelEmailPreferred
	case r < 0.7:
		return domain.ChannelEmail
	case r < 0.8:
		return domain.ChannelSmsPreferred
	case r < 0.9:
		return domain.ChannelEmailAndSms
	default:
		return domain.ChannelSms
	}
}

// addExtras adds, to a few items each, a property list, an external
// reference, a reply link and a request for confirmation.
func addExtras(rng *rand.Rand, cmd *domain.SendCorrespondence, f letterFields) {
	if rng.Float64() < 0.05 {
		cmd.PropertyList = []domain.Property{
			{Key: "saksnummer", Value: f.caseNo},
			{Key: "saksbehandler", Value: f.officer},
			{Key: "arkivkode", Value: fmt.Sprintf("%03d", rng.IntN(1000))},
		}
	}
	if rng.Float64() < 0.05 {
		cmd.ExternalReferences = []domain.ExternalReference{{ReferenceValue: cmd.SendersReference, ReferenceType: "Generic"}}
	}
	if rng.Float64() < 0.03 {
		cmd.ReplyOptions = []domain.ReplyOption{{
			LinkURL:  "https://" + f.agency.replyHost + "/svar?sak=" + strings.ReplaceAll(f.caseNo, "/", "-"),
			LinkText: "Svar på saken",
		}}
	}
	if !cmd.IsConfidential && rng.Float64() < 0.04 {
		cmd.IsConfirmationNeeded = true
	}
}

func pick(rng *rand.Rand, options []string) string { return options[rng.IntN(len(options))] }

// newIDSource returns a function that draws random version 4 UUIDs from rng,
// so that ids repeat with the seed.
func newIDSource(rng *rand.Rand) func() uuid.UUID {
	return func() uuid.UUID {
		var id uuid.UUID
		binary.BigEndian.PutUint64(id[:8], rng.Uint64())
		binary.BigEndian.PutUint64(id[8:], rng.Uint64())
		id[6] = id[6]&0x0f | 0x40 // version 4
		id[8] = id[8]&0x3f | 0x80 // RFC 4122 variant
		return id
	}
}
