package demo

// Norwegian text templates for the dataset's correspondence, in bokmål (nb)
// and nynorsk (nn). Placeholders: {case} is a case number such as 24/1837,
// {officer} a case officer's name, {agency} the sender's display name,
// {period} a month such as "mars 2025" and {year} an income year. No template
// has a place for a national identity number.

var policeConcernTexts = map[string]resourceTexts{
	"nb": {
		titles: []string{
			"Bekymringsmelding – sak {case} – kontaktperson {officer}",
			"Bekymringsmelding om forhold ved virksomheten, sak {case}",
			"Sak {case}: bekymringsmelding fra politiet, saksbehandler {officer}",
		},
		summaries: []string{
			"Politiet har mottatt opplysninger som gir grunn til bekymring, og ber virksomheten vurdere tiltak.",
			"Melding om forhold politiet mener virksomheten bør kjenne til. Behandles fortrolig.",
		},
		paragraphs: []string{
			"Politiet har i forbindelse med sak {case} mottatt opplysninger som gir grunn til bekymring for forhold knyttet til virksomheten. Opplysningene gjelder blant annet rutiner for tilgang til lokaler og oppbevaring av nøkler utenom arbeidstid.",
			"Vi ber virksomheten gå gjennom egne rutiner og vurdere om det er behov for tiltak. Politiet kan ikke gi nærmere opplysninger om enkeltpersoner i saken, men kontaktpersonen kan svare på generelle spørsmål.",
			"Meldingen er sendt som taushetsbelagt post fordi den inneholder opplysninger som er underlagt taushetsplikt. Den skal bare leses av personer som trenger opplysningene i sitt arbeid.",
		},
	},
	"nn": {
		titles: []string{
			"Uromelding – sak {case} – kontaktperson {officer}",
			"Sak {case}: uromelding frå politiet, sakshandsamar {officer}",
		},
		summaries: []string{
			"Politiet har fått opplysningar som gjev grunn til uro, og ber verksemda vurdere tiltak.",
		},
		paragraphs: []string{
			"Politiet har i samband med sak {case} fått opplysningar som gjev grunn til uro for tilhøve knytte til verksemda. Opplysningane gjeld mellom anna rutinar for tilgang til lokale og oppbevaring av nøklar utanom arbeidstid.",
			"Vi ber verksemda gå gjennom eigne rutinar og vurdere om det trengst tiltak. Politiet kan ikkje gje nærare opplysningar om einskildpersonar i saka, men kontaktpersonen kan svare på generelle spørsmål.",
			"Meldinga er send som teiepliktig post fordi ho inneheld opplysningar som er underlagde teieplikt. Ho skal berre lesast av personar som treng opplysningane i arbeidet sitt.",
		},
	},
}

var policeInterviewTexts = map[string]resourceTexts{
	"nb": {
		titles: []string{
			"Innkalling til vitneavhør – sak {case}",
			"Innkalling til avhør av representant for virksomheten – sak {case}, etterforsker {officer}",
		},
		summaries: []string{
			"Politiet ber virksomheten stille med en representant til avhør i sak {case}.",
			"Innkalling til avhør. Ta kontakt med etterforskeren for å avtale tidspunkt.",
		},
		paragraphs: []string{
			"Politiet etterforsker sak {case} og ønsker å avhøre en representant for virksomheten som vitne. Avhøret vil gjelde virksomhetens rutiner og hendelser i perioden saken omfatter.",
			"Vi ber om at virksomheten tar kontakt med etterforsker {officer} innen fristen for å avtale tid og sted. Avhøret kan etter avtale gjennomføres digitalt.",
			"Dersom tidspunktet ikke passer, ber vi om at dere gir beskjed så snart som mulig. Dere kan ta med en advokat eller en annen støtteperson.",
		},
	},
	"nn": {
		titles: []string{
			"Innkalling til vitneavhøyr – sak {case}",
			"Innkalling til avhøyr av representant for verksemda – sak {case}, etterforskar {officer}",
		},
		summaries: []string{
			"Politiet ber verksemda stille med ein representant til avhøyr i sak {case}.",
		},
		paragraphs: []string{
			"Politiet etterforskar sak {case} og ønskjer å avhøyre ein representant for verksemda som vitne. Avhøyret vil gjelde rutinane til verksemda og hendingar i perioden saka omfattar.",
			"Vi ber om at verksemda kontaktar etterforskar {officer} innan fristen for å avtale tid og stad. Avhøyret kan etter avtale gjennomførast digitalt.",
		},
	},
}

var policeSecurityTexts = map[string]resourceTexts{
	"nb": {
		titles: []string{
			"Mangler i søknad om godkjenning av vaktvirksomhet – sak {case}",
			"Søknad om godkjenning av vaktvirksomhet – behov for dokumentasjon, sak {case}",
		},
		summaries: []string{
			"Søknaden om godkjenning etter vaktvirksomhetsloven mangler dokumentasjon.",
			"Søknaden mangler dokumentasjon. Se brevet for hva som må ettersendes.",
		},
		paragraphs: []string{
			"Politiet behandler virksomhetens søknad om godkjenning for å drive vaktvirksomhet. Før vi kan treffe vedtak, må søknaden være fullstendig.",
			"For å fullføre behandlingen trenger vi oppdatert politiattest for daglig leder og dokumentasjon på at virksomheten har en godkjent opplæringsplan for vektere.",
		},
	},
	"nn": {
		titles: []string{
			"Manglar i søknad om godkjenning av vaktverksemd – sak {case}",
			"Søknad om godkjenning av vaktverksemd – behov for dokumentasjon, sak {case}",
		},
		summaries: []string{
			"Søknaden om godkjenning etter vaktverksemdlova manglar dokumentasjon.",
		},
		paragraphs: []string{
			"Politiet handsamar søknaden frå verksemda om godkjenning for å drive vaktverksemd. Før vi kan gjere vedtak, må søknaden vere fullstendig.",
			"For å fullføre handsaminga treng vi oppdatert politiattest for dagleg leiar og dokumentasjon på at verksemda har ein godkjend opplæringsplan for vektarar.",
		},
	},
}

var childWelfareMessageTexts = map[string]resourceTexts{
	"nb": {
		titles: []string{
			"Melding fra barnevernstjenesten – sak {case}, kontaktperson {officer}",
			"Orientering om tiltak fra barnevernstjenesten – sak {case}",
		},
		summaries: []string{
			"Barnevernstjenesten orienterer virksomheten om en sak der virksomheten har en rolle.",
		},
		paragraphs: []string{
			"Barnevernstjenesten viser til sak {case}. Virksomheten er tidligere kontaktet om saken, og vi orienterer nå om hvilke tiltak som er satt i verk og hva vi ber virksomheten bidra med.",
			"Vi ber om at opplysningene bare gjøres kjent for de ansatte som trenger dem for å følge opp saken. Opplysningene er underlagt taushetsplikt.",
			"Kontaktperson {officer} kan nås på telefon mellom klokken 9 og 15 på hverdager. Oppgi saksnummeret når du tar kontakt.",
		},
	},
	"nn": {
		titles: []string{
			"Melding frå barnevernstenesta – sak {case}, kontaktperson {officer}",
			"Orientering om tiltak frå barnevernstenesta – sak {case}",
		},
		summaries: []string{
			"Barnevernstenesta orienterer verksemda om ei sak der verksemda har ei rolle.",
		},
		paragraphs: []string{
			"Barnevernstenesta viser til sak {case}. Verksemda er tidlegare kontakta om saka, og vi orienterer no om kva tiltak som er sette i verk og kva vi ber verksemda bidra med.",
			"Vi ber om at opplysningane berre vert gjorde kjende for dei tilsette som treng dei for å følgje opp saka. Opplysningane er underlagde teieplikt.",
			"Kontaktperson {officer} kan nåast på telefon mellom klokka 9 og 15 på kvardagar. Oppgje saksnummeret når du tek kontakt.",
		},
	},
}

var childWelfareDisclosureTexts = map[string]resourceTexts{
	"nb": {
		titles: []string{
			"Pålegg om å gi opplysninger – sak {case}",
			"Anmodning om opplysninger til barnevernstjenesten – sak {case}, saksbehandler {officer}",
		},
		summaries: []string{
			"Barnevernstjenesten ber om opplysninger etter opplysningsplikten i barnevernsloven.",
		},
		paragraphs: []string{
			"Barnevernstjenesten undersøker sak {case} og ber virksomheten om opplysninger som kan ha betydning for saken. Virksomheten har plikt til å gi opplysninger etter pålegg fra barnevernstjenesten, uten hinder av taushetsplikt.",
			"Vi ber om en skriftlig redegjørelse for virksomhetens kontakt med familien det siste året, herunder oppmøte, observasjoner og eventuelle tidligere bekymringer. Svaret sendes som taushetsbelagt post til barnevernstjenesten.",
		},
	},
	"nn": {
		titles: []string{
			"Pålegg om å gje opplysningar – sak {case}",
			"Oppmoding om opplysningar til barnevernstenesta – sak {case}, sakshandsamar {officer}",
		},
		summaries: []string{
			"Barnevernstenesta ber om opplysningar etter opplysningsplikta i barnevernslova.",
		},
		paragraphs: []string{
			"Barnevernstenesta undersøkjer sak {case} og ber verksemda om opplysningar som kan ha noko å seie for saka. Verksemda har plikt til å gje opplysningar etter pålegg frå barnevernstenesta, utan omsyn til teieplikt.",
			"Vi ber om ei skriftleg utgreiing om kontakten verksemda har hatt med familien det siste året, medrekna oppmøte, observasjonar og eventuelle tidlegare uromeldingar. Svaret vert sendt som teiepliktig post til barnevernstenesta.",
		},
	},
}

var healthInformationTexts = map[string]resourceTexts{
	"nb": {
		titles: []string{
			"Helseopplysninger etter samtykke – ref. {case}, lege {officer}",
			"Svar på forespørsel om helseopplysninger – ref. {case}",
		},
		summaries: []string{
			"Fastlegen sender helseopplysninger som virksomheten har bedt om, med samtykke fra den det gjelder.",
		},
		paragraphs: []string{
			"Vi viser til virksomhetens forespørsel i sak {case}. Den det gjelder har samtykket til at fastlegen gir de opplysningene som er nødvendige for å vurdere tilrettelegging på arbeidsplassen.",
			"Opplysningene er begrenset til det som er relevant for arbeidssituasjonen. Diagnoser og annen informasjon som ikke er nødvendig for formålet, er ikke tatt med.",
			"Helseopplysninger er underlagt taushetsplikt. Meldingen skal ikke videresendes og skal slettes når den ikke lenger er nødvendig.",
		},
	},
	"nn": {
		titles: []string{
			"Helseopplysningar etter samtykke – ref. {case}, lege {officer}",
			"Svar på førespurnad om helseopplysningar – ref. {case}",
		},
		summaries: []string{
			"Fastlegen sender helseopplysningar som verksemda har bede om, med samtykke frå den det gjeld.",
		},
		paragraphs: []string{
			"Vi viser til førespurnaden frå verksemda i sak {case}. Den det gjeld har samtykt til at fastlegen gjev dei opplysningane som trengst for å vurdere tilrettelegging på arbeidsplassen.",
			"Opplysningane er avgrensa til det som er relevant for arbeidssituasjonen. Diagnosar og anna informasjon som ikkje trengst for føremålet, er ikkje tekne med.",
			"Helseopplysningar er underlagde teieplikt. Meldinga skal ikkje sendast vidare og skal slettast når ho ikkje lenger trengst.",
		},
	},
}

var medicalStatementTexts = map[string]resourceTexts{
	"nb": {
		titles: []string{
			"Legeerklæring til arbeidsgiver – ref. {case}",
			"Erklæring om arbeidsevne – ref. {case}, fastlege {officer}",
		},
		summaries: []string{
			"Legeerklæring om arbeidsevne og behov for tilrettelegging.",
		},
		paragraphs: []string{
			"Etter avtale med arbeidstakeren sender fastlegen en erklæring om arbeidsevne til bruk i virksomhetens oppfølging, jf. sak {case}.",
			"Erklæringen beskriver hvilke arbeidsoppgaver arbeidstakeren kan utføre i perioden, og hvilke tilpasninger som anbefales. Den inneholder ikke diagnose.",
		},
	},
	"nn": {
		titles: []string{
			"Legeerklæring til arbeidsgjevar – ref. {case}",
			"Fråsegn om arbeidsevne – ref. {case}, fastlege {officer}",
		},
		summaries: []string{
			"Legeerklæring om arbeidsevne og behov for tilrettelegging.",
		},
		paragraphs: []string{
			"Etter avtale med arbeidstakaren sender fastlegen ei fråsegn om arbeidsevne til bruk i oppfølginga til verksemda, jf. sak {case}.",
			"Fråsegna skildrar kva arbeidsoppgåver arbeidstakaren kan utføre i perioden, og kva tilpassingar som er tilrådde. Ho inneheld ikkje diagnose.",
		},
	},
}

var taxNoticeTexts = map[string]resourceTexts{
	"nb": {
		titles: []string{
			"Varsel om endring av skattefastsetting – sak {case}",
			"Varsel om endring for inntektsåret {year} – sak {case}",
			"Varsel etter kontroll – sak {case}, saksbehandler {officer}",
		},
		summaries: []string{
			"Skatteetaten vurderer å endre fastsettingen. Du kan uttale deg før vi treffer vedtak.",
			"Skatteetaten har kontrollert opplysningene for inntektsåret {year} og varsler endring.",
		},
		paragraphs: []string{
			"Skatteetaten har gått gjennom opplysningene som er levert for inntektsåret {year}, og vurderer å endre skattefastsettingen. Bakgrunnen er at opplysninger fra tredjepart ikke stemmer med det som er oppgitt.",
			"Før vi treffer vedtak, har du rett til å uttale deg om saken. Uttalelsen må være kommet fram til oss innen fristen. Hvis vi ikke hører fra deg, treffer vi vedtak på grunnlag av opplysningene vi har.",
			"Varselet gjelder sak {case}. Saksbehandler {officer} kan svare på spørsmål om saken.",
		},
	},
	"nn": {
		titles: []string{
			"Varsel om endring av skattefastsetjing – sak {case}",
			"Varsel om endring for inntektsåret {year} – sak {case}",
			"Varsel etter kontroll – sak {case}, sakshandsamar {officer}",
		},
		summaries: []string{
			"Skatteetaten vurderer å endre fastsetjinga. Du kan uttale deg før vi gjer vedtak.",
		},
		paragraphs: []string{
			"Skatteetaten har gått gjennom opplysningane som er leverte for inntektsåret {year}, og vurderer å endre skattefastsetjinga. Bakgrunnen er at opplysningar frå tredjepart ikkje stemmer med det som er oppgjeve.",
			"Før vi gjer vedtak, har du rett til å uttale deg om saka. Fråsegna må vere komen fram til oss innan fristen. Om vi ikkje høyrer frå deg, gjer vi vedtak på grunnlag av opplysningane vi har.",
			"Varselet gjeld sak {case}. Sakshandsamar {officer} kan svare på spørsmål om saka.",
		},
	},
}

var taxDecisionTexts = map[string]resourceTexts{
	"nb": {
		titles: []string{
			"Vedtak om endring av skattefastsetting – sak {case}",
			"Vedtak om endring for inntektsåret {year} – sak {case}",
			"Vedtak om tilleggsskatt – sak {case}",
		},
		summaries: []string{
			"Skatteetaten har truffet vedtak i saken. Se brevet for begrunnelse og klagerett.",
		},
		paragraphs: []string{
			"Skatteetaten har truffet vedtak i sak {case} for inntektsåret {year}. Vedtaket bygger på opplysningene i saken og uttalelsen vi mottok etter varselet.",
			"Du kan klage på vedtaket. Klagefristen er seks uker fra du mottok dette brevet. Klagen sendes til Skatteetaten, som vurderer saken på nytt før den eventuelt sendes til klageinstansen.",
		},
	},
	"nn": {
		titles: []string{
			"Vedtak om endring av skattefastsetjing – sak {case}",
			"Vedtak om endring for inntektsåret {year} – sak {case}",
			"Vedtak om tilleggsskatt – sak {case}",
		},
		summaries: []string{
			"Skatteetaten har gjort vedtak i saka. Sjå brevet for grunngjeving og klagerett.",
		},
		paragraphs: []string{
			"Skatteetaten har gjort vedtak i sak {case} for inntektsåret {year}. Vedtaket byggjer på opplysningane i saka og fråsegna vi fekk etter varselet.",
			"Du kan klage på vedtaket. Klagefristen er seks veker frå du fekk dette brevet. Klaga vert send til Skatteetaten, som vurderer saka på nytt før ho eventuelt vert send til klageinstansen.",
		},
	},
}

var payrollReportTexts = map[string]resourceTexts{
	"nb": {
		titles: []string{
			"Avvik i a-meldingen for {period} – sak {case}",
			"Kontroll av a-meldingen for {period} – sak {case}",
		},
		summaries: []string{
			"Skatteetaten har funnet avvik i innleverte a-meldinger og ber virksomheten rette dem.",
		},
		paragraphs: []string{
			"Ved kontroll av a-meldingen for {period} har vi funnet avvik mellom rapportert lønn og beregnet forskuddstrekk. Vi ber virksomheten kontrollere opplysningene og levere en ny a-melding med riktige opplysninger.",
			"Hvis opplysningene er riktige, kan virksomheten gi en kort forklaring som svar på denne meldingen. Oppgi saksnummer {case}.",
		},
	},
	"nn": {
		titles: []string{
			"Avvik i a-meldinga for {period} – sak {case}",
			"Kontroll av a-meldinga for {period} – sak {case}",
		},
		summaries: []string{
			"Skatteetaten har funne avvik i innleverte a-meldingar og ber verksemda rette dei.",
		},
		paragraphs: []string{
			"Ved kontroll av a-meldinga for {period} har vi funne avvik mellom rapportert løn og utrekna forskotstrekk. Vi ber verksemda kontrollere opplysningane og levere ei ny a-melding med rette opplysningar.",
			"Om opplysningane er rette, kan verksemda gje ei kort forklaring som svar på denne meldinga. Oppgje saksnummer {case}.",
		},
	},
}

var welfareDecisionTexts = map[string]resourceTexts{
	"nb": {
		titles: []string{
			"Vedtak om refusjon av sykepenger – sak {case}",
			"Vedtak om tilskudd til tilrettelegging – sak {case}",
			"Vedtak i sak {case}, saksbehandler {officer}",
		},
		summaries: []string{
			"Nav har behandlet saken og fattet vedtak. Se brevet for begrunnelse og klagerett.",
		},
		paragraphs: []string{
			"Nav har behandlet sak {case} og fattet vedtak. Beløpet blir utbetalt til kontonummeret som er registrert hos oss.",
			"Du kan klage på vedtaket innen seks uker fra du mottok det. Klagen må være skriftlig og begrunnet. Du har rett til å se dokumentene i saken.",
		},
	},
	"nn": {
		titles: []string{
			"Vedtak om refusjon av sjukepengar – sak {case}",
			"Vedtak om tilskot til tilrettelegging – sak {case}",
			"Vedtak i sak {case}, sakshandsamar {officer}",
		},
		summaries: []string{
			"Nav har handsama saka og gjort vedtak. Sjå brevet for grunngjeving og klagerett.",
		},
		paragraphs: []string{
			"Nav har handsama sak {case} og gjort vedtak. Beløpet vert utbetalt til kontonummeret som er registrert hos oss.",
			"Du kan klage på vedtaket innan seks veker frå du fekk det. Klaga må vere skriftleg og grunngjeven. Du har rett til å sjå dokumenta i saka.",
		},
	},
}

var incomeStatementTexts = map[string]resourceTexts{
	"nb": {
		titles: []string{
			"Manglende inntektsmelding – sak {case}",
			"Påminnelse om inntektsmelding – sak {case}",
		},
		summaries: []string{
			"Nav mangler inntektsmelding for en arbeidstaker og kan ikke behandle saken før den er sendt.",
		},
		paragraphs: []string{
			"Nav har mottatt en søknad som krever inntektsmelding fra virksomheten. Vi kan ikke behandle saken før inntektsmeldingen er sendt. Saken har referanse {case}.",
			"Inntektsmeldingen sendes fra lønnssystemet eller gjennom Navs skjema for arbeidsgivere. Har virksomheten allerede sendt den, kan dere se bort fra denne meldingen.",
		},
	},
	"nn": {
		titles: []string{
			"Manglande inntektsmelding – sak {case}",
			"Påminning om inntektsmelding – sak {case}",
		},
		summaries: []string{
			"Nav manglar inntektsmelding for ein arbeidstakar og kan ikkje handsame saka før ho er send.",
		},
		paragraphs: []string{
			"Nav har fått ein søknad som krev inntektsmelding frå verksemda. Vi kan ikkje handsame saka før inntektsmeldinga er send. Saka har referanse {case}.",
			"Inntektsmeldinga vert send frå lønssystemet eller gjennom skjemaet til Nav for arbeidsgjevarar. Har verksemda alt sendt ho, kan de sjå bort frå denne meldinga.",
		},
	},
}

var sickLeaveTexts = map[string]resourceTexts{
	"nb": {
		titles: []string{
			"Oppfølging av sykmeldt arbeidstaker – sak {case}, veileder {officer}",
			"Innkalling til dialogmøte – sak {case}",
		},
		summaries: []string{
			"Nav ber om virksomhetens oppfølgingsplan og innkaller til dialogmøte.",
		},
		paragraphs: []string{
			"Nav følger opp en arbeidstaker i virksomheten som har vært sykmeldt i lengre tid, jf. sak {case}. Vi ber om at virksomheten sender oppdatert oppfølgingsplan før dialogmøtet.",
			"Dialogmøtet holdes hos Nav eller digitalt etter avtale. Arbeidstakeren, nærmeste leder og eventuelt sykmelder deltar. Veileder {officer} tar kontakt for å avtale tidspunkt.",
			"Meldingen inneholder helseopplysninger og er sendt som taushetsbelagt post. Den skal bare leses av personer som har ansvar for oppfølgingen.",
		},
	},
	"nn": {
		titles: []string{
			"Oppfølging av sjukmeld arbeidstakar – sak {case}, rettleiar {officer}",
			"Innkalling til dialogmøte – sak {case}",
		},
		summaries: []string{
			"Nav ber om oppfølgingsplanen til verksemda og kallar inn til dialogmøte.",
		},
		paragraphs: []string{
			"Nav følgjer opp ein arbeidstakar i verksemda som har vore sjukmeld lenge, jf. sak {case}. Vi ber om at verksemda sender oppdatert oppfølgingsplan før dialogmøtet.",
			"Dialogmøtet vert halde hos Nav eller digitalt etter avtale. Arbeidstakaren, nærmaste leiar og eventuelt sjukmeldar deltek. Rettleiar {officer} tek kontakt for å avtale tidspunkt.",
			"Meldinga inneheld helseopplysningar og er send som teiepliktig post. Ho skal berre lesast av personar som har ansvar for oppfølginga.",
		},
	},
}

var inspectionReportTexts = map[string]resourceTexts{
	"nb": {
		titles: []string{
			"Tilsynsrapport og varsel om pålegg – sak {case}",
			"Rapport etter tilsyn i {period} – sak {case}",
		},
		summaries: []string{
			"Arbeidstilsynet sender rapport fra tilsynet og varsler pålegg om forhold som må rettes.",
		},
		paragraphs: []string{
			"Arbeidstilsynet gjennomførte tilsyn hos virksomheten i {period}. Rapporten beskriver hva vi undersøkte, hva vi fant, og hvilke forhold som ikke er i samsvar med arbeidsmiljøloven.",
			"Vi varsler at vi vil gi pålegg om å kartlegge risiko og utarbeide en handlingsplan. Virksomheten kan uttale seg om varselet innen fristen. Kontaktperson er {officer}.",
		},
	},
	"nn": {
		titles: []string{
			"Tilsynsrapport og varsel om pålegg – sak {case}",
			"Rapport etter tilsyn i {period} – sak {case}",
		},
		summaries: []string{
			"Arbeidstilsynet sender rapport frå tilsynet og varslar pålegg om tilhøve som må rettast.",
		},
		paragraphs: []string{
			"Arbeidstilsynet gjennomførte tilsyn hos verksemda i {period}. Rapporten skildrar kva vi undersøkte, kva vi fann, og kva tilhøve som ikkje er i samsvar med arbeidsmiljølova.",
			"Vi varslar at vi vil gje pålegg om å kartleggje risiko og utarbeide ein handlingsplan. Verksemda kan uttale seg om varselet innan fristen. Kontaktperson er {officer}.",
		},
	},
}

var inspectionOrderTexts = map[string]resourceTexts{
	"nb": {
		titles: []string{
			"Vedtak om pålegg – sak {case}",
			"Vedtak om pålegg etter tilsyn – sak {case}, inspektør {officer}",
		},
		summaries: []string{
			"Arbeidstilsynet har fattet vedtak om pålegg. Virksomheten må bekrefte at pålegget er oppfylt.",
		},
		paragraphs: []string{
			"Arbeidstilsynet har fattet vedtak om pålegg i sak {case}. Virksomheten må innen fristen dokumentere at risikoen i virksomheten er kartlagt, og at nødvendige tiltak er satt i verk.",
			"Vedtaket kan påklages innen tre uker. Klagen sendes til Arbeidstilsynet, som vurderer saken på nytt før den eventuelt sendes videre til klageinstansen.",
		},
	},
	"nn": {
		titles: []string{
			"Vedtak om pålegg – sak {case}",
			"Vedtak om pålegg etter tilsyn – sak {case}, inspektør {officer}",
		},
		summaries: []string{
			"Arbeidstilsynet har gjort vedtak om pålegg. Verksemda må stadfeste at pålegget er oppfylt.",
		},
		paragraphs: []string{
			"Arbeidstilsynet har gjort vedtak om pålegg i sak {case}. Verksemda må innan fristen dokumentere at risikoen i verksemda er kartlagd, og at naudsynte tiltak er sette i verk.",
			"Vedtaket kan klagast på innan tre veker. Klaga vert send til Arbeidstilsynet, som vurderer saka på nytt før ho eventuelt vert send vidare til klageinstansen.",
		},
	},
}

// letterTexts are the parts of a letter that every resource shares.
type letterTexts struct {
	// organizationGreeting opens a letter to an organization; {recipient}
	// is its organization number.
	organizationGreeting string
	personGreeting       string
	// deadline names the due date, {due}.
	deadline string
	// fillers are sentences added until the body reaches its target length.
	fillers []string
	// closing ends the letter; {officerTitle} is the officer's job title.
	closing string
	// Custom notification texts, for CustomMessage notifications.
	emailSubject, emailBody, smsBody string
	months                           []string
}

var letters = map[string]letterTexts{
	"nb": {
		organizationGreeting: "Til virksomheten med organisasjonsnummer {recipient}",
		personGreeting:       "Hei,",
		deadline:             "Fristen for å svare eller gjennomføre det som er beskrevet, er {due}.",
		fillers: []string{
			"Husk å oppgi saksnummer {case} ved all kontakt med oss, slik at henvendelsen raskt kommer fram til riktig saksbehandler.",
			"Dokumentet er godkjent elektronisk og har derfor ingen håndskreven signatur.",
			"Dere har rett til innsyn i sakens dokumenter etter forvaltningsloven § 18, med de unntakene som følger av loven.",
			"Fristen kan forlenges etter skriftlig søknad dersom det foreligger særlige grunner.",
			"Svar som sendes til andre adresser enn den som er oppgitt i dette brevet, kan bli forsinket.",
			"Har dere spørsmål, kan saksbehandleren kontaktes på telefon i vanlig åpningstid, mellom klokken 9 og 15.",
			"Mer informasjon om regelverket og saksbehandlingen finner dere på nettsidene til {agency}.",
			"Dersom meldingen er kommet til feil mottaker, ber vi om at dere gir oss beskjed og sletter den.",
			"Saksbehandlingstiden for saker av denne typen er normalt fire til seks uker.",
		},
		closing:      "Med vennlig hilsen\n\n{officer}\n{officerTitle}\n{agency}",
		emailSubject: "Ny melding fra {agency} – sak {case}",
		emailBody:    "Dere har fått en ny melding fra {agency} i Postvern om sak {case}. Logg inn i Postvern for å lese meldingen.",
		smsBody:      "Ny melding fra {agency} i Postvern, sak {case}.",
		months:       []string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	},
	"nn": {
		organizationGreeting: "Til verksemda med organisasjonsnummer {recipient}",
		personGreeting:       "Hei,",
		deadline:             "Fristen for å svare eller gjennomføre det som er skildra, er {due}.",
		fillers: []string{
			"Hugs å oppgje saksnummer {case} ved all kontakt med oss, slik at førespurnaden raskt kjem fram til rett sakshandsamar.",
			"Dokumentet er godkjent elektronisk og har difor ingen handskriven signatur.",
			"De har rett til innsyn i dokumenta i saka etter forvaltningslova § 18, med dei unntaka som følgjer av lova.",
			"Fristen kan forlengjast etter skriftleg søknad dersom det ligg føre særlege grunnar.",
			"Svar som vert sende til andre adresser enn den som er oppgjeven i dette brevet, kan bli forseinka.",
			"Har de spørsmål, kan sakshandsamaren kontaktast på telefon i vanleg opningstid, mellom klokka 9 og 15.",
			"Meir informasjon om regelverket og sakshandsaminga finn de på nettsidene til {agency}.",
			"Dersom meldinga har kome til feil mottakar, ber vi om at de gjev oss beskjed og slettar ho.",
			"Sakshandsamingstida for saker av denne typen er vanlegvis fire til seks veker.",
		},
		closing:      "Med venleg helsing\n\n{officer}\n{officerTitle}\n{agency}",
		emailSubject: "Ny melding frå {agency} – sak {case}",
		emailBody:    "De har fått ei ny melding frå {agency} i Postvern om sak {case}. Logg inn i Postvern for å lese meldinga.",
		smsBody:      "Ny melding frå {agency} i Postvern, sak {case}.",
		months:       []string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	},
}

// Case officer names. Officers work for the agencies and are not persons in
// the dataset, so they have no national identity number.
var (
	officerFirstNames = []string{
		"Kari", "Ola", "Ingrid", "Lars", "Silje", "Magnus", "Nora", "Henrik", "Marte", "Eirik",
		"Sigrid", "Jonas", "Ragnhild", "Tor", "Hanne", "Øyvind", "Åse", "Bjørn", "Line", "Knut",
		"Astrid", "Håkon", "Ingvild", "Sindre", "Tone", "Vegard", "Maren", "Espen", "Guro", "Arne",
	}
	officerLastNames = []string{
		"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen",
		"Berg", "Haugen", "Hagen", "Johnsen", "Bakke", "Solberg", "Dahl", "Lie", "Moen", "Strand",
		"Sæther", "Lunde", "Aas", "Myklebust", "Rønning", "Fjeld", "Vik", "Eide", "Brekke", "Nygård",
	}
)
