"""What tells a capitalised word in Latin script (an English text, or Kazakh in the Latin alphabet) that it is,
or is not, part of a person's name. Words are lower case; first names are compared by their name search keys
(`archive.text.name_search_key`), so that Yerlan / Erlan / Ерлан and Kassym / Kasym / Қасым are one entry."""

from __future__ import annotations

import re

# First names the press writes in Latin letters beyond the Kazakh ones of names.KAZAKH_FIRST_NAMES (whose keys
# are added in latin_mentions): Russian names in their English spellings and the foreign names of the coverage.
LATIN_FIRST_NAMES = frozenset("""
aleksandr alexander alexandr alexei aleksei aleksey alexey anatoly andrei andrey anna anton antonio antoniu
arkady boris daniyar danil denis dmitry dmitri elena yelena elvira evgeny yevgeny evgenia ekaterina yekaterina
galina gennady georgy igor ilya irina ivan kirill konstantin larisa lyudmila maria mariya marina mikhail natalia
natalya nikolai nikolay oleg olga pavel pyotr roman sergei sergey svetlana tatiana tatyana valentina valery
vasily viktor victor vitaly vladimir vladislav vyacheslav yuri yury zhanna nadezhda oksana lyubov vera
emmanuel ursula kaja charles michel josep joseph john david michael james robert richard thomas peter paul mark
mary elizabeth jennifer sarah laura christian claire kristalina recep tayyip ilham shavkat sadyr emomali serdar
donald joe kamala marco friedrich olaf keir rishi giorgia pedro antony anthony jens mark mette ulf ursula
kristen josé jose luis carlos maria ana sophie stephen steven william george henry edward andrew philip simon
daniel martin matthew jonathan nicholas helen catherine anne margaret susan karen linda barbara alice emma
olivia julia hans klaus wolfgang angela annalena frank-walter xi wang li zhang vladimir sergiy volodymyr
terhi toivo ilkka jan petr tomas dana hugh brian kevin gregory timothy jeremy ahmed mohammed
muhammad ali hassan hussein mustafa mehmet ibrahim yusuf abdullah fatima leyla aziz rustam rashid bakhtiyor
joanna johanna jonathan joan jane janet jessica jennifer julie julian justin kate katherine kathryn catherine
kim lisa louise lucy lydia margaret maria marie megan melissa michelle miranda monica nancy natalie nicola
nicole patricia paula rachel rebecca rose ruth sally samantha sandra sara sophia stephanie susan tamara teresa
thomas tim tom tony william zoe adam alan albert alex amanda amy andrea angela anne annie arthur barry
ben benjamin bruce carl caroline charlotte chris christopher claudia colin craig dan daniel deborah denise
diana dominic douglas edward eleanor elena emily emma eric eva frances francis fred gary gavin graham grace
hannah harry heather helen ian jack jake jason jeff jeffrey jerry jill jim joel josh joshua judith
karl keith ken kenneth larry laura lauren leo leon lewis liam luke marcus marek margarita martin matt max
michal nathan neil nick nigel oliver oscar owen patrick philippe pierre raymond ricardo rick robin ross ryan
sam scott sean seth shaun steve stuart ted theo tobias tony trevor tyler vincent walter wendy xavier
""".split())

# Role words before a name (lower case): "President Kassym-Jomart Tokayev", "analyst Dosym Satpayev", "Mr Karin".
ROLE_WORDS = frozenset("""
president vice-president minister ministers deputy deputies chairman chairwoman chair chairperson co-chair speaker
senator senators mp mps spokesman spokeswoman spokesperson secretary secretary-general analyst analysts expert
experts professor counselor counsellor councillor adviser advisor ambassador akim mayor governor judge judges
prosecutor prosecutor-general ombudsman director director-general head leader member members lawyer economist
scientist researcher journalist correspondent editor student activist commissioner rector dean lecturer
sociologist historian politician official envoy premier mr mrs ms dr sir madam chief founder co-founder blogger
candidate observer representative coordinator volunteer pensioner teacher voter entrepreneur doctor colleague
classmate aide king queen pope emir sheikh commander officer reporter writer author moderator participant
diplomat consul attorney lawmaker lawmakers legislator legislators resident residents
""".split())

# Capitalised words that are never part of a person's name: function words that open sentences, institutions,
# titles of documents, outlets, nationalities, months and days.
NOT_NAME_WORDS = frozenset("""
the a an in on at for of to and but or as by from with this that these those it he she they we i you his her their
our its if when while after before during since under over about according there here what which who whom whose
why how both all some many most more other such no not yes however meanwhile also earlier later then now today
yesterday tomorrow last next first second third new old so yet still only even just every each one two three
four five six seven eight nine ten let please read see photo video source note update updated breaking live
court commission committee council party university ministry office government house centre center union
nations assembly parliament senate mazhilis majilis kurultai agency service press watch bank fund institute
school foundation organization organisation republic constitution constitutional election elections news times
post pravda association group department academy club forum summit congress akimat maslikhat region oblast
district city street avenue square palace hall airport station day week year years holidays holiday national
international central supreme federal state general general's prosecutor's commission's presidential
parliamentary public social democratic liberal people's program programme code law laws act article chapter
decree referendum draft reform reforms declaration charter treaty agreement strategy concept plan vision
initiative dialogue dialogues conference meeting session hearing hearings report index rating survey poll
reuters interfax kazinform qazinform tengrinews akipress afp ap bbc eurasianet rfe rferl azattyq orda vlast
informburo kursiv inform amanat respublica otan ak zhol auyl nur kazakh kazakhs kazakhstani qazaq russian
english muslim islamic christian soviet european eurasian asian american chinese turkish uzbek kyrgyz
akorda aqorda astana almaty shymkent karaganda aktobe atyrau aktau pavlodar semey kostanay kyzylorda petropavl
petropavlovsk taldykorgan turkestan turkistan uralsk oral oskemen ust-kamenogorsk taraz kokshetau konayev konaev
zhezkazgan ekibastuz brussels berlin ankara moscow beijing washington london paris geneva york tashkent bishkek
istanbul dushanbe baku minsk tokyo seoul rome madrid warsaw strasbourg luxembourg vienna kyiv kiev dublin
kremlin china russia turkey turkiye europe asia america americas ukraine belarus germany france britain
india iran japan korea mongolia afghanistan azerbaijan georgia armenia eurasia venice
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
monday tuesday wednesday thursday friday saturday sunday
human rights mountains river lake sea ocean north south east west northern southern eastern western
united kingdom states capital capital's global world
affairs foreign justice finance finances economy economic education health defence defense interior energy
culture information science labour labor agriculture ecology trade industry digital development emergency
situations internal security investment investments sports tourism transport communications youth women
opposition government's ministry's court's party's council's
""".split())
# A word that is never a name with a possessive is never one without it: «People's People's said» is no person.
NOT_NAME_WORDS |= frozenset(word.removesuffix("'s") for word in NOT_NAME_WORDS)

# Prefixes and ends of words that are never a name: Kazakhstan, Kazakhstanskaya, Uzbekistan, Qazaqstan.
NOT_NAME_PREFIXES = ("kazakh", "qazaq", "kazak")
NOT_NAME_END = re.compile(r"stan(?:'s|’s)?$")

# Ends of a surname in Latin spellings (lower case, diacritics kept): Tokayev, Azimova, Ashimbayev, Zheldibay,
# Satpayev, Simkić, Shevchenko, Kuanyshuly.
LATIN_SURNAME_END = re.compile(
    r"(?:ov|ev|yev|iev|ova|eva|yeva|ieva|in|ina|yn|yna|enko|chenko|uk|yuk|yan|yants|shvili|dze|vich|ović|ević|ić"
    r"|bay|bai|bayev|bayeva|baev|baeva|bek|bekov|bekova|uly|uulu|ūly|kyzy|qyzy|qyzy|ogly|oglu|zade|zhanov|zhanova"
    r"|ski|sky|skiy|skii|skaya|ovsky|evsky|ova's|ev's|ov's)$"
)

# Verbs that follow a speaker: "Ashimbayev told journalists", "Tokayev said".
SPEECH_VERBS = frozenset("""
said says told tells noted notes stated states added adds stressed stresses emphasised emphasized explained
explains argued argues warned warns announced announces urged urges believes believed thinks thought wrote writes
remarked replied answered asked agreed suggested insisted recalled pointed commented concluded confirmed reported
claimed acknowledged welcomed signed chaired met visited called proposed criticised criticized described declared
highlighted underlined expressed presented outlined briefed instructed spoke addressed opened praised congratulated
received held recalled underscored reiterated announced
""".split())
