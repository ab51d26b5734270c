"""Well-known names with their type, written by hand: companies, parties, institutions, clubs
and media (organisations), and products.

The tagger sees them as name-list features (so "Nintendo" looks like an organisation even though
the training text predates it), and grouping uses them to settle a name's type when its mentions
disagree: a listed organisation or product is never a person.
"""

from __future__ import annotations

from reader.entities.gazetteer import PLACES
from reader.model import EntityLabel

COMPANIES = """
Google|Alphabet|Microsoft|Apple|Amazon|Amazon.com|Facebook|Meta|Twitter|Instagram|WhatsApp|
YouTube|LinkedIn|Netflix|Spotify|Uber|Airbnb|eBay|PayPal|Yahoo|Yahoo!|AOL|Time Warner|
AOL Time Warner|Intel|AMD|IBM|Hewlett-Packard|HP|Dell|Oracle|SAP|Cisco|Nokia|Ericsson|Motorola|
Samsung|LG|Sony|Panasonic|Toshiba|Hitachi|Fujitsu|NEC|Sharp|Philips|Siemens|Nintendo|Sega|
Atari|Electronic Arts|EA|Activision|Ubisoft|Vivendi|Vivendi Universal|Qualcomm|Nvidia|Adobe|
Symantec|McAfee|Kodak|Xerox|Canon|Nikon|Olympus|BlackBerry|Research In Motion|RIM|Vodafone|
BT|British Telecom|T-Mobile|O2|Telefonica|Deutsche Telekom|France Telecom|Verizon|AT&T|
Sprint|Skype|Napster|Kazaa|Mozilla|Wikipedia|Tesla|SpaceX|OpenAI|Huawei|Xiaomi|Lenovo|Alibaba|
Tencent|Baidu|TikTok|ByteDance|Snapchat|Reddit|Boeing|Airbus|Lockheed Martin|BAE Systems|
Rolls-Royce|General Motors|GM|Ford|Chrysler|DaimlerChrysler|Daimler|Mercedes|BMW|Volkswagen|VW|
Audi|Porsche|Toyota|Honda|Nissan|Renault|Peugeot|Fiat|Ferrari|Volvo|Hyundai|Kia|Mitsubishi|
Shell|Royal Dutch Shell|BP|Exxon|ExxonMobil|Chevron|Gazprom|Rosneft|Yukos|Lukoil|
Aramco|Saudi Aramco|Coca-Cola|Pepsi|PepsiCo|McDonald's|Starbucks|Nestle|Unilever|Procter & Gamble|
Kraft|Cadbury|Walmart|Wal-Mart|Tesco|Sainsbury's|Asda|Marks & Spencer|Morrisons|Carrefour|
Ikea|Nike|Adidas|Reebok|Puma|Disney|Walt Disney|Warner Bros|Paramount|Pixar|
DreamWorks|MGM|Sony Pictures|EMI|Warner Music|Universal Music|BMG|Sony BMG|Virgin|
Virgin Atlantic|British Airways|BA|Ryanair|easyJet|Lufthansa|Air France|KLM|Qantas|Emirates|
American Airlines|United Airlines|Goldman Sachs|Morgan Stanley|JP Morgan|JPMorgan|
Citigroup|Citibank|HSBC|Barclays|Lloyds|Lloyds TSB|RBS|Royal Bank of Scotland|NatWest|
Deutsche Bank|UBS|Credit Suisse|BNP Paribas|Santander|ING|AIG|Enron|WorldCom|Lehman Brothers|
Merrill Lynch|Bear Stearns|Berkshire Hathaway|BlackRock|Visa|Mastercard|American Express|
Pfizer|GlaxoSmithKline|GSK|AstraZeneca|Novartis|Roche|Merck|Bayer|Johnson & Johnson|
Manchester United plc|Reuters|Bloomberg|Associated Press|AP|AFP|Agence France-Presse|
Dow Jones|Nasdaq|FTSE|Standard & Poor's|Moody's|Fitch|Dropbox|Salesforce|GitHub|Slack|
Shopify|Pinterest|Lyft|WeWork|Tumblr|WordPress
"""

MEDIA = """
BBC|BBC News|BBC One|BBC Two|BBC Radio|ITV|Channel 4|Channel Five|Sky|BSkyB|Sky News|CNN|
Fox|Fox News|NBC|CBS|ABC|PBS|NPR|HBO|MTV|Al Jazeera|Reuters|The Times|The Guardian|Guardian|
The Independent|Independent|The Observer|Financial Times|FT|The Economist|Economist|
Daily Mail|Daily Telegraph|Telegraph|The Sun|Daily Mirror|Mirror|Evening Standard|
New York Times|Washington Post|Wall Street Journal|Los Angeles Times|USA Today|Le Monde|
Der Spiegel|Spiegel|Variety|Billboard|Rolling Stone|Newsweek|Interfax|Tass|TASS|RIA Novosti|
Getty Images|Shutterstock|EPA|Press Association|PA Media
"""

POLITICS = """
Labour|Labour Party|New Labour|Conservative Party|Conservatives|Tories|Tory Party|
Liberal Democrats|Lib Dems|Lib Dem|UKIP|UK Independence Party|SNP|Scottish National Party|
Plaid Cymru|Green Party|Greens|Sinn Fein|DUP|Democratic Unionist Party|Ulster Unionists|
Ulster Unionist Party|BNP|British National Party|Democratic Party|Republican Party|
Democrats|Republicans|GOP|Christian Democrats|CDU|CSU|SPD|Social Democrats|Bundestag|
Downing Street|Whitehall|Westminster|Commons|House of Commons|House of Lords|Lords|Parliament|
Treasury|Home Office|Foreign Office|Ministry of Defence|MoD|Cabinet Office|Number 10|
Kremlin|White House|Pentagon|State Department|Congress|Senate|House of Representatives|
Supreme Court|Elysee|European Commission|European Parliament|European Union|EU|
European Central Bank|ECB|Council of Europe|United Nations|UN|U.N.|Security Council|
UN Security Council|Nato|NATO|Unicef|UNICEF|Unesco|UNESCO|WHO|World Health Organization|
IMF|International Monetary Fund|World Bank|WTO|World Trade Organization|OPEC|Opec|G8|G7|
OECD|Bank of England|Federal Reserve|FBI|CIA|NSA|MI5|MI6|GCHQ|Scotland Yard|
Metropolitan Police|Met Police|NHS|Ofcom|Ofgem|Ofwat|Ofsted|CBI|TUC|Unison|Amicus|
Electoral Commission|Red Cross|Amnesty International|Greenpeace|Oxfam|Hamas|Hezbollah|
Fatah|Taliban|al-Qaeda|Al-Qaeda|al Qaeda|IRA|ETA|PLO|Interpol|Europol|Eurostat|
Office for National Statistics|ONS|Institute for Fiscal Studies|IFS
"""

SPORT = """
FIFA|UEFA|IOC|International Olympic Committee|FA|Football Association|Premier League|
Premiership|RFU|Rugby Football Union|ICC|ECB|IAAF|ATP|WTA|NBA|NFL|NHL|MLB|Formula One|F1|
Arsenal|Aston Villa|Birmingham City|Blackburn Rovers|Blackburn|Bolton Wanderers|Bolton|
Charlton|Charlton Athletic|Chelsea|Crystal Palace|Everton|Fulham|Liverpool|Manchester City|
Man City|Manchester United|Man Utd|Man United|Middlesbrough|Newcastle United|Newcastle|
Norwich City|Norwich|Portsmouth|Southampton|Tottenham|Tottenham Hotspur|Spurs|West Brom|
West Bromwich Albion|West Ham|West Ham United|Leeds United|Leeds|Leicester City|Sunderland|
Wigan|Wigan Athletic|Ipswich|Ipswich Town|Sheffield United|Sheffield Wednesday|Nottingham Forest|
Derby County|Coventry City|Wolves|Wolverhampton Wanderers|Watford|Stoke City|
Celtic|Rangers|Hearts|Hibernian|Hibs|Aberdeen|Dundee United|Motherwell|Kilmarnock|
Real Madrid|Barcelona|Atletico Madrid|Valencia|Deportivo|Sevilla|Villarreal|Real Betis|
AC Milan|Inter Milan|Internazionale|Juventus|Roma|Lazio|Fiorentina|Parma|Napoli|Sampdoria|
Bayern Munich|Borussia Dortmund|Werder Bremen|Schalke|Bayer Leverkusen|Hamburg SV|
Ajax|PSV|PSV Eindhoven|Feyenoord|Porto|Benfica|Sporting Lisbon|Olympiakos|Panathinaikos|
Galatasaray|Fenerbahce|Besiktas|Paris St Germain|PSG|Marseille|Lyon|Monaco|Anderlecht|
Dynamo Kiev|Dynamo Kyiv|Shakhtar Donetsk|Spartak Moscow|CSKA Moscow|Lokomotiv Moscow|
Leicester Tigers|Wasps|London Wasps|Gloucester|Saracens|Harlequins|Sale Sharks|
Northampton|Leinster|Munster|Ulster|Llanelli Scarlets|Ospreys|Cardiff Blues|
Lakers|Los Angeles Lakers|Chicago Bulls|Boston Celtics|New York Yankees|Boston Red Sox|
McLaren|Renault F1|Minardi|Sauber|BAR|Red Bull|Toyota F1
"""

PRODUCTS = """
iPod|iPods|iPhone|iPad|iTunes|iMac|Macintosh|MacBook|PlayStation|PlayStation 2|
PlayStation 3|PlayStation Portable|PSP|PS2|PS3|Xbox|Xbox 360|GameCube|Game Boy|Nintendo DS|
Wii|Walkman|Windows|Windows XP|Windows Vista|Windows 95|Windows 98|Outlook|Hotmail|Gmail|
Internet Explorer|Firefox|Android|Linux|Unix|Kindle|Blu-ray|HD-DVD|
Halo|Halo 2|Grand Theft Auto|Doom 3|Half-Life|Half-Life 2|The Sims|World of Warcraft|
Pokemon|Super Mario|Tetris|Photoshop|Acrobat|Freeview|Sky+|TiVo|BlackBerry|
Mac|Macs|macOS|OS X|Mac OS X|iOS|iPadOS|watchOS|tvOS|iCloud|AirPods|Apple Watch|Apple TV|
Apple Music|Apple Pay|Chromebook|Google Maps|Google Docs|Microsoft Office|PowerPoint|
Xbox One|PlayStation 4|PlayStation 5|PS4|PS5|Nintendo Switch
"""


def _names(block: str) -> frozenset[str]:
    return frozenset(name.strip() for name in block.replace("\n", "").split("|") if name.strip())


# Clubs named after their city ("Liverpool") are left to the tagger and the article.
ORGANISATIONS: frozenset[str] = (
    _names(COMPANIES) | _names(MEDIA) | _names(POLITICS) | _names(SPORT)
) - _names(PRODUCTS) - PLACES
PRODUCTS_LIST: frozenset[str] = _names(PRODUCTS) - {"BlackBerry"}

# Name (case as written) -> the type it has when its mentions do not settle it.
KNOWN_TYPES: dict[str, EntityLabel] = {
    **{name: "OTHER" for name in PRODUCTS_LIST},
    **{name: "ORG" for name in ORGANISATIONS},
}
# First words of listed names, for a quick test of whether a sentence may hold one.
KNOWN_FIRST_WORDS: frozenset[str] = frozenset(name.split()[0] for name in KNOWN_TYPES)
_FOLDED: dict[str, EntityLabel] = {name.casefold(): label for name, label in KNOWN_TYPES.items()}


def known_type(name: str) -> EntityLabel | None:
    """The listed type of ``name`` (exact spelling first, then ignoring case for names longer
    than three letters, so "GOOGLE" is Google but "Five" is not a television channel in
    every headline)."""
    label = KNOWN_TYPES.get(name)
    if label is None and len(name) > 3:
        label = _FOLDED.get(name.casefold())
    return label
