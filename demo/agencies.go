package demo

import "github.com/postvern/postvern/domain"

// registerOrganization is the register that assigns key roles and contact
// points: Brønnøysundregistrene.
const registerOrganization domain.OrganizationNumber = "974760673"

// serviceOwnerOrganization is the service owner from Altinn's public test
// suites. In the dataset it is the police district.
const serviceOwnerOrganization domain.OrganizationNumber = "991825827"

// agency is a service owner that sends correspondence.
type agency struct {
	number domain.OrganizationNumber
	// name is the display name sent as messageSender.
	name domain.LocalizedText
	// referencePrefix starts the agency's sendersReference values.
	referencePrefix string
	// officerTitle is the job title under the case officer's signature.
	officerTitle domain.LocalizedText
	// replyHost is the host of reply links. Every host is under example.no.
	replyHost string
}

// resourceSpec is a resource with the texts that correspondence on it uses.
type resourceSpec struct {
	id           string
	owner        *agency
	name         domain.LocalizedText
	confidential bool
	// weight is the resource's share of the correspondence of its kind
	// (confidential or ordinary), relative to the other resources' weights.
	weight int
	// toPersons marks resources that also carry mail to persons.
	toPersons bool
	// texts are the templates per content language (nb or nn).
	texts map[string]resourceTexts
}

// resourceTexts are templates with the placeholders {case}, {officer},
// {agency}, {period} and {year}.
type resourceTexts struct {
	titles     []string
	summaries  []string
	paragraphs []string
}

var (
	police = &agency{
		number:          serviceOwnerOrganization,
		name:            domain.LocalizedText{NB: "Oslo politidistrikt", NN: "Oslo politidistrikt", EN: "Oslo Police District"},
		referencePrefix: "POL",
		officerTitle:    domain.LocalizedText{NB: "politioverbetjent", NN: "politioverbetjent", EN: "police inspector"},
		replyHost:       "politiet.example.no",
	}
	childWelfare = &agency{
		number:          "315000106",
		name:            domain.LocalizedText{NB: "Barnevernstjenesten i Fjordvik kommune", NN: "Barnevernstenesta i Fjordvik kommune", EN: "Fjordvik Child Welfare Service"},
		referencePrefix: "BV",
		officerTitle:    domain.LocalizedText{NB: "barnevernskonsulent", NN: "barnevernskonsulent", EN: "child welfare officer"},
		replyHost:       "barnevern.fjordvik.example.no",
	}
	generalPractice = &agency{
		number:          "315000203",
		name:            domain.LocalizedText{NB: "Fjordvik legesenter", NN: "Fjordvik legesenter", EN: "Fjordvik Medical Centre"},
		referencePrefix: "FL",
		officerTitle:    domain.LocalizedText{NB: "fastlege", NN: "fastlege", EN: "general practitioner"},
		replyHost:       "legesenter.fjordvik.example.no",
	}
	taxAdministration = &agency{
		number:          "974761076",
		name:            domain.LocalizedText{NB: "Skatteetaten", NN: "Skatteetaten", EN: "Norwegian Tax Administration"},
		referencePrefix: "SKE",
		officerTitle:    domain.LocalizedText{NB: "seniorrådgiver", NN: "seniorrådgjevar", EN: "senior adviser"},
		replyHost:       "skatteetaten.example.no",
	}
	welfare = &agency{
		number:          "889640782",
		name:            domain.LocalizedText{NB: "Nav", NN: "Nav", EN: "Norwegian Labour and Welfare Administration"},
		referencePrefix: "NAV",
		officerTitle:    domain.LocalizedText{NB: "veileder", NN: "rettleiar", EN: "adviser"},
		replyHost:       "nav.example.no",
	}
	labourInspection = &agency{
		number:          "974761211",
		name:            domain.LocalizedText{NB: "Arbeidstilsynet", NN: "Arbeidstilsynet", EN: "Norwegian Labour Inspection Authority"},
		referencePrefix: "AT",
		officerTitle:    domain.LocalizedText{NB: "seniorinspektør", NN: "seniorinspektør", EN: "senior inspector"},
		replyHost:       "arbeidstilsynet.example.no",
	}

	agencies = []*agency{police, childWelfare, generalPractice, taxAdministration, welfare, labourInspection}
)

// accessPackages returns the policy of a resource: the confidential mail
// package alone for a confidential resource, the ordinary mail package
// otherwise.
func (r *resourceSpec) accessPackages() []string {
	if r.confidential {
		return []string{domain.PackageConfidentialMail}
	}
	return []string{domain.PackageOrdinaryMail}
}

// registerCommand returns the command that registers the resource.
func (r *resourceSpec) registerCommand() domain.RegisterResource {
	return domain.RegisterResource{
		ID:             r.id,
		Owner:          string(r.owner.number),
		Name:           r.name,
		AccessPackages: r.accessPackages(),
	}
}

// resourceCatalog is every resource in the dataset, registered in this order.
// The texts live in texts.go.
var resourceCatalog = []*resourceSpec{
	{id: "politiet-bekymringsmelding", owner: police, confidential: true, weight: 3,
		name:  domain.LocalizedText{NB: "Bekymringsmelding fra politiet", NN: "Uromelding frå politiet", EN: "Report of concern from the police"},
		texts: policeConcernTexts},
	{id: "politiet-innkalling-avhor", owner: police, confidential: true, weight: 2,
		name:  domain.LocalizedText{NB: "Innkalling til avhør", NN: "Innkalling til avhøyr", EN: "Summons to a police interview"},
		texts: policeInterviewTexts},
	{id: "politiet-vaktvirksomhet", owner: police, weight: 2,
		name:  domain.LocalizedText{NB: "Godkjenning av vaktvirksomhet", NN: "Godkjenning av vaktverksemd", EN: "Approval of security services"},
		texts: policeSecurityTexts},
	{id: "barnevern-melding-virksomhet", owner: childWelfare, confidential: true, weight: 3,
		name:  domain.LocalizedText{NB: "Melding fra barnevernstjenesten", NN: "Melding frå barnevernstenesta", EN: "Message from the child welfare service"},
		texts: childWelfareMessageTexts},
	{id: "barnevern-opplysningsplikt", owner: childWelfare, confidential: true, weight: 2,
		name:  domain.LocalizedText{NB: "Pålegg om å gi opplysninger til barnevernet", NN: "Pålegg om å gje opplysningar til barnevernet", EN: "Order to disclose information to the child welfare service"},
		texts: childWelfareDisclosureTexts},
	{id: "fastlege-helseopplysninger", owner: generalPractice, confidential: true, weight: 2,
		name:  domain.LocalizedText{NB: "Helseopplysninger fra fastlege", NN: "Helseopplysningar frå fastlege", EN: "Health information from a general practitioner"},
		texts: healthInformationTexts},
	{id: "fastlege-legeerklaering", owner: generalPractice, confidential: true, weight: 2,
		name:  domain.LocalizedText{NB: "Legeerklæring til arbeidsgiver", NN: "Legeerklæring til arbeidsgjevar", EN: "Medical statement for the employer"},
		texts: medicalStatementTexts},
	{id: "skatteetaten-varsel", owner: taxAdministration, weight: 10, toPersons: true,
		name:  domain.LocalizedText{NB: "Varsel fra Skatteetaten", NN: "Varsel frå Skatteetaten", EN: "Notice from the Tax Administration"},
		texts: taxNoticeTexts},
	{id: "skatteetaten-vedtak", owner: taxAdministration, weight: 6, toPersons: true,
		name:  domain.LocalizedText{NB: "Vedtak fra Skatteetaten", NN: "Vedtak frå Skatteetaten", EN: "Decision from the Tax Administration"},
		texts: taxDecisionTexts},
	{id: "skatteetaten-a-melding-avvik", owner: taxAdministration, weight: 6,
		name:  domain.LocalizedText{NB: "Avvik i a-meldingen", NN: "Avvik i a-meldinga", EN: "Discrepancies in the a-melding payroll report"},
		texts: payrollReportTexts},
	{id: "nav-vedtak", owner: welfare, weight: 8, toPersons: true,
		name:  domain.LocalizedText{NB: "Vedtak fra Nav", NN: "Vedtak frå Nav", EN: "Decision from Nav"},
		texts: welfareDecisionTexts},
	{id: "nav-inntektsmelding-mangler", owner: welfare, weight: 6,
		name:  domain.LocalizedText{NB: "Manglende inntektsmelding", NN: "Manglande inntektsmelding", EN: "Missing income statement"},
		texts: incomeStatementTexts},
	{id: "nav-sykefravaer-oppfolging", owner: welfare, confidential: true, weight: 3,
		name:  domain.LocalizedText{NB: "Oppfølging av sykmeldt arbeidstaker", NN: "Oppfølging av sjukmeld arbeidstakar", EN: "Follow-up of an employee on sick leave"},
		texts: sickLeaveTexts},
	{id: "arbeidstilsynet-tilsynsrapport", owner: labourInspection, weight: 5,
		name:  domain.LocalizedText{NB: "Tilsynsrapport fra Arbeidstilsynet", NN: "Tilsynsrapport frå Arbeidstilsynet", EN: "Inspection report from the Labour Inspection Authority"},
		texts: inspectionReportTexts},
	{id: "arbeidstilsynet-palegg", owner: labourInspection, weight: 4,
		name:  domain.LocalizedText{NB: "Vedtak om pålegg", NN: "Vedtak om pålegg", EN: "Order from the Labour Inspection Authority"},
		texts: inspectionOrderTexts},
}
