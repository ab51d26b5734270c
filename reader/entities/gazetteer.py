"""Hand-written name lists the tagger uses as features (and the post-processing as hints).

They are deliberately small: the model learns most names from context; the lists tell it that
"Zaporizhzhia" looks like a place and "Ministry" like part of an organisation even when neither
word occurred in training.
"""

from __future__ import annotations

COUNTRIES = """
Afghanistan|Albania|Algeria|Andorra|Angola|Antigua|Argentina|Armenia|Australia|Austria|Azerbaijan|
Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia|
Bosnia and Herzegovina|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Burma|Cambodia|
Cameroon|Canada|Cape Verde|Central African Republic|Chad|Chile|China|Colombia|Comoros|Congo|
Costa Rica|Croatia|Cuba|Cyprus|Czech Republic|Czechia|Denmark|Djibouti|Dominica|
Dominican Republic|Ecuador|Egypt|El Salvador|England|Equatorial Guinea|Eritrea|Estonia|Eswatini|
Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|
Guinea-Bissau|Guyana|Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|
Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kiribati|Kosovo|Kuwait|Kyrgyzstan|Laos|
Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|Macedonia|Madagascar|
Malawi|Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius|Mexico|Micronesia|Moldova|Monaco|
Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Namibia|Nauru|Nepal|Netherlands|Holland|
New Zealand|Nicaragua|Niger|Nigeria|North Korea|North Macedonia|Northern Ireland|Norway|Oman|
Pakistan|Palau|Palestine|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|
Qatar|Romania|Russia|Rwanda|Samoa|San Marino|Saudi Arabia|Scotland|Senegal|Serbia|Seychelles|
Sierra Leone|Singapore|Slovakia|Slovenia|Somalia|South Africa|South Korea|South Sudan|Spain|
Sri Lanka|Sudan|Suriname|Swaziland|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|
Togo|Tonga|Trinidad|Tobago|Tunisia|Turkey|Turkmenistan|Tuvalu|Uganda|Ukraine|
United Arab Emirates|United Kingdom|United States|United States of America|Uruguay|Uzbekistan|
Vanuatu|Vatican|Venezuela|Vietnam|Wales|Yemen|Yugoslavia|Zaire|Zambia|Zimbabwe|Britain|
Great Britain|America|USA|US|U.S.|UK|U.K.|UAE|Soviet Union|USSR|Crimea|Gaza|West Bank|Chechnya|
Hong Kong|Macau|Greenland|Puerto Rico|Tibet|Kashmir|Kurdistan|Abkhazia|Transnistria
"""

CITIES = """
Kyiv|Kiev|Moscow|St. Petersburg|Saint Petersburg|London|Paris|Berlin|Rome|Madrid|Lisbon|Vienna|
Prague|Warsaw|Budapest|Bucharest|Sofia|Belgrade|Zagreb|Sarajevo|Athens|Ankara|Istanbul|Tehran|
Baghdad|Damascus|Beirut|Amman|Jerusalem|Tel Aviv|Cairo|Riyadh|Jeddah|Mecca|Dubai|Abu Dhabi|Doha|
Kabul|Islamabad|Karachi|Lahore|Delhi|New Delhi|Mumbai|Bombay|Calcutta|Kolkata|Chennai|Madras|
Bangalore|Dhaka|Colombo|Kathmandu|Beijing|Peking|Shanghai|Guangzhou|Shenzhen|Tokyo|Osaka|Kyoto|
Seoul|Pyongyang|Taipei|Manila|Jakarta|Bangkok|Hanoi|Saigon|Kuala Lumpur|Sydney|Melbourne|
Canberra|Brisbane|Perth|Adelaide|Auckland|Wellington|Washington|New York|Los Angeles|Chicago|
Houston|Boston|Philadelphia|San Francisco|Seattle|Miami|Atlanta|Dallas|Detroit|Denver|
Las Vegas|Toronto|Montreal|Vancouver|Ottawa|Mexico City|Havana|Bogota|Caracas|Lima|Santiago|
Buenos Aires|Sao Paulo|Rio de Janeiro|Brasilia|Montevideo|Nairobi|Lagos|Abuja|Johannesburg|
Cape Town|Pretoria|Kinshasa|Addis Ababa|Khartoum|Algiers|Tunis|Tripoli|Rabat|Casablanca|Dakar|
Accra|Harare|Kampala|Copenhagen|Stockholm|Oslo|Helsinki|Reykjavik|Dublin|Edinburgh|Glasgow|
Manchester|Liverpool|Birmingham|Amsterdam|Rotterdam|The Hague|Brussels|Geneva|Zurich|Bern|
Frankfurt|Munich|Hamburg|Cologne|Bonn|Milan|Naples|Turin|Florence|Venice|Barcelona|Valencia|
Seville|Marseille|Lyon|Riga|Tallinn|Vilnius|Minsk|Chisinau|Tbilisi|Yerevan|Baku|Astana|Almaty|
Tashkent|Bishkek|Dushanbe|Ashgabat|Kharkiv|Kharkov|Odesa|Odessa|Lviv|Dnipro|Mariupol|Bakhmut|
Donetsk|Luhansk|Lugansk|Kherson|Zaporizhzhia|Zaporozhye|Mykolaiv|Sevastopol|Simferopol|Belgorod|
Kursk|Bryansk|Rostov|Novosibirsk|Yekaterinburg|Kazan|Vladivostok|Murmansk|Kaliningrad|Grozny|
Valletta|Nicosia|Luxembourg|Monaco|Strasbourg|Davos|Hiroshima|Nagasaki|Singapore|Hong Kong
"""

REGIONS = """
Europe|Asia|Africa|North America|South America|Latin America|Middle East|Near East|Far East|
Balkans|Caucasus|Siberia|Scandinavia|Baltic|Baltics|Arctic|Antarctica|Antarctic|Pacific|Atlantic|
Mediterranean|Black Sea|Caspian|Red Sea|Persian Gulf|Gulf|Sahara|Sahel|Horn of Africa|
Central Asia|Southeast Asia|South Asia|East Asia|Eastern Europe|Western Europe|Donbas|Donbass|
Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho|
Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|
Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|North Carolina|
North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|
Tennessee|Texas|Utah|Vermont|Virginia|West Virginia|Wisconsin|Wyoming|Ontario|Quebec|
British Columbia|Alberta|Bavaria|Catalonia|Andalusia|Lombardy|Tuscany|Sicily|Sardinia|Corsica|
Normandy|Brittany|Provence|Flanders|Wallonia|Kosovo|Kurdistan|Punjab|Bengal|Kerala|Xinjiang|
Yunnan|Sichuan|Guangdong|Manchuria|Mindanao|Borneo|Sumatra|Java|Bali|Tasmania|Queensland|
Dagestan|Ingushetia|Tatarstan|Bashkortostan|Karabakh|Nagorno-Karabakh|Ossetia|Transcarpathia
"""

# Adjectives of nationality, religion, ideology: CoNLL's MISC, the reader's OTHER.
NATIONALITIES = """
Afghan|Albanian|Algerian|American|Angolan|Argentine|Argentinian|Armenian|Australian|Austrian|
Azerbaijani|Azeri|Bangladeshi|Belarusian|Belgian|Bolivian|Bosnian|Brazilian|British|Briton|
Bulgarian|Burmese|Cambodian|Cameroonian|Canadian|Chilean|Chinese|Colombian|Congolese|Croatian|
Croat|Cuban|Cypriot|Czech|Danish|Dane|Dutch|Ecuadorian|Egyptian|English|Eritrean|Estonian|
Ethiopian|European|Filipino|Finnish|Finn|French|Georgian|German|Ghanaian|Greek|Guatemalan|
Haitian|Honduran|Hungarian|Icelandic|Indian|Indonesian|Iranian|Iraqi|Irish|Israeli|Italian|
Ivorian|Jamaican|Japanese|Jordanian|Kazakh|Kenyan|Korean|Kosovar|Kurdish|Kurd|Kuwaiti|Kyrgyz|
Latvian|Lebanese|Liberian|Libyan|Lithuanian|Macedonian|Malaysian|Maltese|Mexican|Moldovan|
Mongolian|Montenegrin|Moroccan|Mozambican|Namibian|Nepalese|Nepali|Nicaraguan|Nigerian|
Norwegian|Pakistani|Palestinian|Panamanian|Paraguayan|Peruvian|Polish|Pole|Portuguese|
Romanian|Russian|Rwandan|Saudi|Scottish|Scot|Senegalese|Serbian|Serb|Singaporean|Slovak|
Slovenian|Slovene|Somali|Spanish|Spaniard|Sri Lankan|Sudanese|Swedish|Swede|Swiss|Syrian|
Taiwanese|Tajik|Tanzanian|Thai|Tunisian|Turkish|Turk|Turkmen|Ugandan|Ukrainian|Uruguayan|
Uzbek|Venezuelan|Vietnamese|Welsh|Yemeni|Yugoslav|Zambian|Zimbabwean|Soviet|Western|Arab|Arabic|
Asian|African|Latin|Hispanic|Muslim|Moslem|Islamic|Christian|Catholic|Protestant|Orthodox|
Jewish|Jew|Hindu|Buddhist|Sikh|Sunni|Shi'ite|Shiite|Shia|Communist|Socialist|Republican|
Democrat|Democratic|Conservative|Liberal|Baltic|Scandinavian|Nordic|Slavic|Caucasian|Chechen|
Tatar|Tutsi|Hutu|Pashtun|Persian|Hebrew|Latino|Nazi|Marxist|Kremlin-backed|Euro|Olympic
"""

FIRST_NAMES = """
Aaron|Adam|Adrian|Ahmed|Ahmad|Alan|Albert|Alberto|Alec|Alex|Alexander|Alexandre|Alexei|Alexey|
Alfred|Ali|Alice|Alicia|Alison|Amanda|Amy|Ana|Anatoly|Andre|Andrea|Andreas|Andrei|Andrew|Andriy|
Andy|Angela|Ann|Anna|Anne|Anthony|Antonio|Arnold|Arthur|Barbara|Barry|Ben|Benjamin|Bernard|
Bill|Bob|Boris|Brad|Brian|Bruce|Carl|Carlos|Carol|Caroline|Catherine|Charles|Charlie|Chris|
Christian|Christina|Christine|Christopher|Claire|Claude|Colin|Craig|Dan|Daniel|Daniela|Darren|
David|Dean|Denis|Dennis|Diana|Dmitry|Dmitri|Dmytro|Donald|Douglas|Dylan|Ed|Eddie|Edward|Elena|
Elizabeth|Ellen|Emily|Emma|Eric|Erik|Eva|Evgeny|Fernando|Francesco|Francis|Francisco|Frank|
Franz|Fred|Frederick|Gary|Geoff|George|Georgy|Gerald|Gerhard|Giovanni|Giuseppe|Gordon|Graham|
Greg|Gregory|Hans|Harry|Heinz|Helen|Helmut|Henri|Henry|Howard|Hugh|Hugo|Ian|Igor|Ilya|Ivan|
Jack|Jacques|James|Jan|Jane|Janet|Jason|Javier|Jean|Jeff|Jeffrey|Jennifer|Jeremy|Jessica|Jim|
Jimmy|Joan|Joe|Johan|John|Johnny|Jonathan|Jorge|Jose|Joseph|Juan|Julia|Julian|Julie|Karen|
Karl|Kate|Katherine|Kevin|Kim|Klaus|Kurt|Larry|Laura|Lee|Leonid|Linda|Lisa|Louis|Luc|Luca|Luis|
Lynn|Manuel|Marc|Marco|Margaret|Maria|Marie|Mario|Mark|Martin|Mary|Matt|Matthew|Maxim|Michael|
Michel|Michelle|Miguel|Mike|Mikhail|Mohammad|Mohammed|Muhammad|Nancy|Natalia|Nathan|Neil|Nick|
Nicholas|Nicola|Nicolas|Nikolai|Nikolay|Nina|Oleg|Oleksandr|Oleksiy|Olga|Oliver|Pablo|Patricia|
Patrick|Paul|Pavel|Pedro|Peter|Petr|Petro|Philip|Philippe|Pierre|Rachel|Ralph|Raymond|Richard|
Rick|Rob|Robert|Roberto|Roger|Ron|Ronald|Rudolf|Ruslan|Russell|Ryan|Sam|Samuel|Sandra|Sarah|
Scott|Sean|Sebastian|Serge|Sergei|Sergey|Sergiy|Simon|Stefan|Stephen|Steve|Steven|Susan|
Svetlana|Tatiana|Tatyana|Terry|Thomas|Tim|Timothy|Tom|Tony|Valentina|Valery|Vasily|Viktor|
Victor|Vikram|Vincent|Vitaly|Vladimir|Volodymyr|Walter|Wayne|Werner|William|Wolfgang|Xavier|
Yaroslav|Yevgeny|Yulia|Yuri|Yury|Yuriy|Zhang|Wang|Li|Chen|Kamala|Joe|Emmanuel|Olaf|Rishi|
Recep|Benjamin|Xi|Narendra|Jair|Luiz|Ursula|Josep|Jens|Antony|Lloyd|Jake|Ramzan|Alexei|Yevgeny
"""

# Words that end or head organisation names.
ORG_WORDS = """
Ministry|Department|Agency|Office|Council|Committee|Commission|Parliament|Assembly|Senate|
Congress|Duma|Court|Tribunal|Bank|Reserve|Fund|Exchange|Inc|Inc.|Corp|Corp.|Corporation|Co|
Co.|Company|Ltd|Ltd.|Limited|Plc|PLC|LLC|AG|SA|NV|GmbH|Group|Holdings|Holding|Industries|
Airlines|Airways|Motors|Systems|Technologies|Partners|Capital|Securities|Investments|Bancorp|
University|College|Institute|School|Academy|Foundation|Association|Federation|Union|League|
Organisation|Organization|Party|Front|Movement|Alliance|Coalition|Army|Navy|Guard|Police|Service|
Services|Club|United|City|Rovers|Wanderers|Athletic|FC|Times|Post|News|Journal|Herald|Tribune|
Gazette|Press|Radio|Television|TV|Network|Broadcasting|Channel|Telegraph|Reuters|AFP|AP|
Interfax|TASS|Kremlin|Pentagon|Cabinet|Board|Authority|Directorate|Secretariat|Bureau|Center|
Centre|Church|Society|Trust|Telecom|Energy|Oil|Gas|Petroleum|Pharmaceuticals|Airbus|Boeing
"""

# Words that end place names.
PLACE_WORDS = """
River|Sea|Ocean|Lake|Mountain|Mountains|Mount|Island|Islands|Bay|Gulf|Strait|Valley|Peninsula|
Region|Province|Oblast|Krai|County|District|State|Republic|Kingdom|Street|Avenue|Square|Road|
Bridge|Airport|Port|Canal|Desert|Forest|Park|Coast|Beach|Hills|Heights|Plain|Basin
"""

# Words that often precede a person's name.
PERSON_CUES = """
Mr|Mr.|Mrs|Mrs.|Ms|Ms.|Dr|Dr.|Gen|Gen.|Col|Col.|Lt|Lt.|Sgt|Sgt.|Capt|Capt.|Maj|Maj.|Sen|Sen.|
Rep|Rep.|Gov|Gov.|Prof|Prof.|Rev|Rev.|Sir|Lord|Lady|Dame|King|Queen|Prince|Princess|Pope|
President|Premier|Chancellor|Minister|Secretary|Ambassador|Governor|Mayor|Senator|Judge|Justice|
Chairman|Chairwoman|Chief|Director|Commander|General|Colonel|Captain|Lieutenant|Sergeant|Admiral|
Marshal|spokesman|spokeswoman|spokesperson|coach|striker|midfielder|defender|goalkeeper|manager|
leader|founder|chief|executive|analyst|economist|officer|lawyer|told|said|says|according
"""

# Words for events and works: CoNLL's MISC.
OTHER_WORDS = """
Cup|Championship|Championships|Open|Olympics|Games|Grand Prix|Tour|Festival|Awards|Award|Prize|
Summit|Conference|War|Treaty|Accord|Accords|Agreement|Act|Declaration|Index|Series|Trophy|Bowl|
Classic|Marathon|Derby
"""


def _names(block: str) -> frozenset[str]:
    return frozenset(name.strip() for name in block.replace("\n", "").split("|") if name.strip())


# Gazetteer name -> names in it. Multi-word names match as token sequences.
LISTS: dict[str, frozenset[str]] = {
    "country": _names(COUNTRIES),
    "city": _names(CITIES),
    "region": _names(REGIONS),
    "nationality": _names(NATIONALITIES),
    "first": _names(FIRST_NAMES),
    "orgword": _names(ORG_WORDS),
    "placeword": _names(PLACE_WORDS),
    "personcue": _names(PERSON_CUES),
    "otherword": _names(OTHER_WORDS),
}

# Lists whose entries are whole names (matched as phrases, B/I marked), versus cue words.
PHRASE_LISTS = ("country", "city", "region", "nationality")

PLACES: frozenset[str] = LISTS["country"] | LISTS["city"] | LISTS["region"]
