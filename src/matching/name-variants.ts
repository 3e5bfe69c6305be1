/**
 * Given-name and surname equivalences that string distance cannot see: diminutives (Bill ↔ William),
 * spelling variants and transliterations (Mohammed ↔ Muhammad, Sarah ↔ Sara), French and English forms
 * (Catherine ↔ Katherine, Alexandre ↔ Alexander) and initials of compound French names (JP ↔ Jean-Philippe).
 * Names are written here as they come out of normaliseName (upper-case ASCII).
 */

/** Spelling variants and transliterations of one name. */
const GIVEN_VARIANT_GROUPS: string[][] = [
  [
    'MOHAMMED',
    'MUHAMMAD',
    'MOHAMED',
    'MOHAMMAD',
    'MOHAMAD',
    'MUHAMMED',
    'MUHAMED',
    'MOHAMMEED',
    'MOHD',
    'MOHAMMEDALI',
    'MEHMET',
    'MAHOMED',
  ],
  ['AHMED', 'AHMAD', 'AHMET', 'AHMEED'],
  ['ALI', 'ALY'],
  ['HUSSEIN', 'HUSSAIN', 'HUSAIN', 'HOSSEIN', 'HUSEIN'],
  ['YOUSSEF', 'YOUSEF', 'YUSUF', 'YOUSSOUF', 'YOUSIF'],
  ['JOSEPH', 'JOSEF', 'JOZEF', 'GIUSEPPE', 'JOSE'],
  ['IBRAHIM', 'EBRAHIM', 'IBRAHEEM'],
  ['ABRAHAM', 'ABRAAO'],
  ['OMAR', 'UMAR', 'OMER'],
  ['FATIMA', 'FATEMA', 'FATIMAH', 'FATMA'],
  ['AISHA', 'AYESHA', 'AICHA', 'AISHAH', 'AYSHA'],
  ['MARYAM', 'MARIAM', 'MERYEM', 'MIRIAM'],
  ['MARIE', 'MARY', 'MARIA'],
  ['KHADIJA', 'KHADIJAH', 'KHADEEJA'],
  ['ABDULLAH', 'ABDALLAH', 'ABDULAH'],
  ['ABDUL', 'ABDEL', 'ABD'],
  ['HASSAN', 'HASAN'],
  ['HAMZA', 'HAMZAH'],
  ['ZAINAB', 'ZEINAB', 'ZAYNAB'],
  ['SARAH', 'SARA', 'SARRAH', 'SAHRA'],
  ['HANNAH', 'HANA', 'HANNA'],
  ['ANNA', 'ANNE', 'ANN', 'ANA'],
  [
    'CATHERINE',
    'KATHERINE',
    'CATHARINE',
    'KATHRYN',
    'CATHRYN',
    'KATHARINE',
    'CATERINA',
    'CATARINA',
    'KATARINA',
    'KATRINA',
    'CATRINA',
  ],
  ['ALEXANDRE', 'ALEXANDER', 'ALEKSANDER', 'ALEXANDRO', 'ALEJANDRO', 'ALESSANDRO', 'ALEKSANDR', 'ISKANDER'],
  ['ALEXANDRA', 'ALEKSANDRA', 'ALESSANDRA', 'ALEJANDRA'],
  ['STEPHANE', 'STEPHEN', 'STEVEN', 'ESTEBAN', 'STEFAN', 'STEFANO', 'ESTEVAO'],
  ['STEPHANIE', 'STEFANIE', 'STEPHANY', 'STEFANIA'],
  ['PHILIPPE', 'PHILIP', 'PHILLIP', 'FILIPE', 'FELIPE', 'FILIPPO', 'FELIPPE'],
  ['MICHEL', 'MICHAEL', 'MICHELE', 'MIGUEL', 'MICHELANGELO', 'MIKHAIL', 'MIKAEL', 'MICHAL'],
  ['MICHELLE', 'MICHELE', 'MICHAELA', 'MIKAELA', 'MICAELA'],
  ['JEAN', 'JOHN', 'JUAN', 'JOAO', 'GIOVANNI', 'JOHANN', 'JAN', 'JOHANNES'],
  ['JEANNE', 'JOANNE', 'JOAN', 'JOANNA', 'JOANA', 'JUANA', 'GIOVANNA'],
  ['PIERRE', 'PETER', 'PEDRO', 'PIETRO', 'PIOTR'],
  ['GUILLAUME', 'WILLIAM', 'GUILHERME', 'GUGLIELMO', 'WILHELM', 'WILLEM'],
  ['LOUIS', 'LUIS', 'LUIGI', 'LEWIS', 'LUIZ'],
  ['LOUISE', 'LUISA', 'LOUISA', 'LUIZA'],
  ['ANDRE', 'ANDREW', 'ANDRES', 'ANDREA', 'ANDREAS', 'ANDRZEJ'],
  ['FRANCOIS', 'FRANCIS', 'FRANCISCO', 'FRANCESCO', 'FRANCIS'],
  ['FRANCOISE', 'FRANCES', 'FRANCESCA', 'FRANCISCA'],
  ['JACQUES', 'JAMES', 'JAIME', 'GIACOMO'],
  ['JACOB', 'JAKUB', 'YAKUB', 'YAAKOV'],
  ['HENRI', 'HENRY', 'ENRIQUE', 'ENRICO', 'HENRIQUE', 'HEINRICH'],
  ['ETIENNE', 'STEPHEN'],
  ['GABRIEL', 'GABRIELE', 'JIBRIL', 'JIBRIEL'],
  ['GABRIELLE', 'GABRIELA', 'GABRIELLA'],
  ['EMILIE', 'EMILY', 'EMILIA', 'EMELIE'],
  ['ELISABETH', 'ELIZABETH', 'ELISABETTA'],
  ['ISABEL', 'ISABELLE', 'ISABELLA', 'IZABELA', 'ISOBEL'],
  ['CHRISTOPHE', 'CHRISTOPHER', 'CRISTOPHER', 'KRISTOPHER', 'CRISTOBAL', 'CRISTOFORO', 'KRZYSZTOF'],
  ['CHRISTINE', 'CHRISTINA', 'KRISTINA', 'CRISTINA', 'KRISTINE', 'KRYSTYNA'],
  ['MATHIEU', 'MATTHEW', 'MATTHIEU', 'MATEO', 'MATTEO', 'MATEUS', 'MATEUSZ', 'MATHEW', 'MATTHIAS', 'MATIAS'],
  ['NICOLAS', 'NICHOLAS', 'NIKOLAS', 'NICOLA', 'NICOLO', 'MIKOLAJ', 'NIKOLAI'],
  ['NICOLE', 'NICOLETTE', 'NIKOLE'],
  ['THOMAS', 'TOMAS', 'TOMMASO', 'TOMASZ', 'TOMAZ'],
  ['ANTOINE', 'ANTHONY', 'ANTONIO', 'ANTON', 'ANTONI', 'ANTONY'],
  ['JULIEN', 'JULIAN', 'JULIANO', 'GIULIANO', 'JULIO', 'JULIUS', 'GIULIO'],
  ['JULIE', 'JULIA', 'GIULIA', 'JULIETTE', 'JULIET'],
  ['MARC', 'MARK', 'MARCO', 'MARCOS', 'MARCUS', 'MARKUS'],
  ['DAVID', 'DAWID', 'DAVIDE', 'DAOUD', 'DAWOOD', 'DAVOOD', 'DAVI'],
  ['SOPHIE', 'SOPHIA', 'SOFIA', 'SOFIE', 'ZOFIA'],
  ['MAXIME', 'MAXIM', 'MAXIMILIEN', 'MAXIMILIAN', 'MASSIMO', 'MAXIMO'],
  ['SEBASTIEN', 'SEBASTIAN', 'SEBASTIANO', 'SEBASTIAO'],
  ['OLIVIER', 'OLIVER', 'OLIVIERO'],
  ['VINCENT', 'VINCENZO', 'VICENTE', 'VINCENTE'],
  ['RAPHAEL', 'RAFAEL', 'RAFFAELE', 'RAFAL'],
  ['ZOE', 'ZOEY', 'ZOIE'],
  ['CHLOE', 'KHLOE', 'CLOE'],
  ['LEA', 'LEAH', 'LIA', 'LEIA'],
  ['NOAH', 'NOE'],
  ['ELIJAH', 'ELIAS', 'ELIE', 'ILYAS', 'ELIAH'],
  ['AIDEN', 'AIDAN', 'AYDEN', 'ADEN'],
  ['JAYDEN', 'JADEN', 'JAIDEN', 'JAYDON'],
  ['MEGAN', 'MEAGAN', 'MEGHAN', 'MEAGHAN'],
  ['CAITLIN', 'KAITLYN', 'KATELYN', 'CAITLYN', 'KAITLIN', 'KATELYNN'],
  ['ASHLEY', 'ASHLEIGH', 'ASHLIE'],
  ['JASMINE', 'YASMINE', 'YASMIN', 'JASMIN', 'YASMEEN', 'JAZMIN'],
  ['NGUYEN', 'NGUYENN', 'NGUEN'],
  ['HUY', 'HUI'],
  ['THI', 'THY'],
  ['MINH', 'MIN'],
  ['GURPREET', 'GURPRIT'],
  ['HARPREET', 'HARPRIT'],
  ['MANPREET', 'MANPRIT'],
  ['SIMRANJIT', 'SIMRANJEET'],
  ['JASPREET', 'JASPRIT'],
  ['NAVJOT', 'NAVJYOT'],
  ['PRIYA', 'PRIA', 'PREYA'],
  ['ARJUN', 'ARJUNA'],
  ['RAHUL', 'RAUL'],
  ['MUSTAFA', 'MOSTAFA', 'MUSTAPHA', 'MOUSTAFA'],
  ['KHALID', 'KHALED', 'HALID'],
  ['WALEED', 'WALID'],
  ['RASHID', 'RACHID', 'RASHEED'],
  ['SAMIR', 'SAMEER', 'SAMIRE'],
  ['NOUR', 'NUR', 'NOOR'],
  ['LAYLA', 'LEILA', 'LAILA', 'LEYLA', 'LAILAH'],
  ['YASSIN', 'YASSINE', 'YASEEN', 'YASIN'],
  ['JOSHUA', 'JOSUE'],
  ['JOAO', 'JOHN'],
  ['JOSEPHINE', 'JOSEFINA', 'GIUSEPPINA'],
  ['CARLOS', 'CHARLES', 'CARLO', 'KARL', 'CARL', 'KAROL'],
  ['CAROLINE', 'CAROLINA', 'KAROLINA', 'CAROLYN'],
  ['JUSTIN', 'JUSTINE', 'GIUSTINO'],
  ['PATRICK', 'PATRICIO', 'PATRIZIO'],
  ['PATRICIA', 'PATRIZIA'],
  ['RICHARD', 'RICARDO', 'RICCARDO', 'RYSZARD'],
  ['ROBERT', 'ROBERTO', 'RUPERT'],
  ['EDOUARD', 'EDWARD', 'EDUARDO', 'EDOARDO'],
  ['GEORGES', 'GEORGE', 'JORGE', 'GIORGIO', 'JERZY'],
  ['MANUEL', 'EMMANUEL', 'EMANUEL', 'EMANUELE'],
  ['ANGELIQUE', 'ANGELICA', 'ANJELICA'],
  ['ROSE', 'ROSA'],
  ['HELENE', 'HELEN', 'ELENA', 'HELENA', 'ELAINE', 'ELLEN', 'ELEN'],
  ['NATHALIE', 'NATALIE', 'NATALIA', 'NATALYA'],
  ['VALERIE', 'VALERIA'],
  ['VICTORIA', 'VIKTORIA'],
  ['VICTOR', 'VIKTOR', 'VITTORIO'],
  ['MATHILDE', 'MATILDA', 'MATILDE'],
  ['BEATRICE', 'BEATRIZ', 'BEATRIX'],
  ['CECILE', 'CECILIA', 'CECILY'],
  ['LUCIE', 'LUCY', 'LUCIA'],
  ['LUC', 'LUKE', 'LUCAS', 'LUKAS', 'LUCA'],
  ['GENEVIEVE', 'GENEVA'],
  ['ZACHARY', 'ZACHARIE', 'ZAKARIA', 'ZAKARIYA', 'ZACARIAS', 'ZAKARIYYA'],
  ['TREVOR', 'TREVER'],
  ['CAMERON', 'KAMERON'],
  ['NATHAN', 'NATHANIEL', 'NATANAEL', 'NATHANAEL'],
  ['ISAAC', 'ISHAQ', 'IZAAK'],
  ['JOEL', 'YOEL'],
  ['ADAM', 'ADAO', 'ADAMO'],
];

/** Diminutives, hypocoristics and initials for a full given name (full name first). */
const GIVEN_NICKNAME_GROUPS: string[][] = [
  ['WILLIAM', 'BILL', 'BILLY', 'WILL', 'WILLY', 'WILLIE', 'LIAM', 'WILLS'],
  ['ROBERT', 'BOB', 'BOBBY', 'ROB', 'ROBBIE', 'ROBBY', 'BERT'],
  ['ELIZABETH', 'LIZ', 'LIZZIE', 'LIZZY', 'BETH', 'BETTY', 'BETSY', 'ELIZA', 'ELISE', 'LIBBY'],
  ['ELISABETH', 'LIZ', 'LISE', 'BABETTE', 'ELISE', 'BETH'],
  ['ALEXANDER', 'ALEX', 'AL', 'SANDY', 'XANDER', 'ALEC', 'SASHA', 'LEX'],
  ['ALEXANDRE', 'ALEX', 'ALEXIS'],
  ['ALEXANDRA', 'ALEX', 'ALEXA', 'SASHA', 'LEXIE', 'LEXI'],
  ['ALEXIS', 'ALEX'],
  ['JEAN PHILIPPE', 'JP', 'JEANPHILIPPE'],
  ['JEAN PIERRE', 'JP', 'JEANPIERRE'],
  ['JEAN FRANCOIS', 'JF', 'JEANFRANCOIS'],
  ['JEAN MICHEL', 'JM'],
  ['JEAN SEBASTIEN', 'JS'],
  ['JEAN CHRISTOPHE', 'JC'],
  ['JEAN LUC', 'JL'],
  ['JEAN MARC', 'JM'],
  ['JEAN CLAUDE', 'JC'],
  ['JEAN GUY', 'JG'],
  ['MARIE EVE', 'ME'],
  ['MARIE PIER', 'MP'],
  ['PIERRE LUC', 'PL'],
  ['PIERRE OLIVIER', 'PO'],
  ['MARC ANDRE', 'MA'],
  ['MARC ANTOINE', 'MA'],
  ['CATHERINE', 'CATHY', 'CATH', 'CAT', 'CATOU', 'KATE', 'KATIE', 'KATHY', 'KAT', 'KAY', 'KITTY'],
  ['KATHERINE', 'KATE', 'KATIE', 'KATHY', 'KAT', 'KATY', 'KAY', 'KIT', 'KITTY', 'CATHY'],
  ['MARGARET', 'MAGGIE', 'MEG', 'PEGGY', 'MARGE', 'MARGIE', 'MAISIE', 'MARGOT'],
  ['MARGUERITE', 'MARGOT', 'MAGALI'],
  ['RICHARD', 'RICK', 'RICKY', 'RICH', 'RICHIE', 'DICK', 'DICKY'],
  ['JAMES', 'JIM', 'JIMMY', 'JAMIE', 'JIMMIE', 'JEM'],
  ['JOHN', 'JACK', 'JOHNNY', 'JON', 'JOHNNIE'],
  ['JONATHAN', 'JON', 'JONNY', 'JOHNNY', 'JONATHON'],
  ['MICHAEL', 'MIKE', 'MIKEY', 'MICK', 'MICKEY', 'MITCH'],
  ['CHRISTOPHER', 'CHRIS', 'KIT', 'TOPHER', 'CHRISTY'],
  ['CHRISTINE', 'CHRIS', 'CHRISSY', 'TINA', 'KRISTY'],
  ['CHRISTINA', 'CHRIS', 'TINA', 'CHRISSY'],
  ['MATTHEW', 'MATT', 'MATTY'],
  ['MATHIEU', 'MATT', 'MATHIEU'],
  ['NICHOLAS', 'NICK', 'NICKY', 'NICO'],
  ['NICOLAS', 'NICO', 'NICK', 'COLAS'],
  ['ANTHONY', 'TONY', 'ANT', 'ANTONY'],
  ['ANTONIO', 'TONY', 'TONI', 'TONINO'],
  ['JOSEPH', 'JOE', 'JOEY', 'JO', 'JOJO'],
  ['GIUSEPPE', 'PINO', 'BEPPE', 'PEPPE', 'JOE'],
  ['JOSE', 'PEPE', 'ZE'],
  ['DANIEL', 'DAN', 'DANNY', 'DANI'],
  ['DANIELLE', 'DANI', 'DANNIE', 'ELLE'],
  ['DAVID', 'DAVE', 'DAVEY', 'DAVY'],
  ['STEPHEN', 'STEVE', 'STEVIE', 'STEPH'],
  ['STEVEN', 'STEVE', 'STEVIE'],
  ['STEPHANIE', 'STEPH', 'STEFFI', 'STEFFY', 'STEPHIE'],
  ['THOMAS', 'TOM', 'TOMMY', 'THOM'],
  ['EDWARD', 'ED', 'EDDIE', 'EDDY', 'NED', 'TED', 'TEDDY'],
  ['THEODORE', 'THEO', 'TED', 'TEDDY'],
  ['BENJAMIN', 'BEN', 'BENNY', 'BENJI', 'BENJY'],
  ['SAMUEL', 'SAM', 'SAMMY'],
  ['SAMANTHA', 'SAM', 'SAMMY', 'SAMMIE'],
  ['SAMIR', 'SAM'],
  ['JENNIFER', 'JEN', 'JENNY', 'JENN', 'JENNIE'],
  ['JESSICA', 'JESS', 'JESSIE', 'JESSY'],
  ['REBECCA', 'BECKY', 'BECCA', 'BECKIE'],
  ['VICTORIA', 'VICKY', 'VICKI', 'TORI', 'VIC'],
  ['PATRICIA', 'PAT', 'PATTY', 'TRISH', 'TRICIA', 'PATSY'],
  ['PATRICK', 'PAT', 'PADDY', 'RICK'],
  ['SUSAN', 'SUE', 'SUSIE', 'SUZY'],
  ['SUZANNE', 'SUE', 'SUZIE', 'SUZY'],
  ['DEBORAH', 'DEB', 'DEBBIE', 'DEBBY'],
  ['KIMBERLEY', 'KIM', 'KIMMY'],
  ['KIMBERLY', 'KIM', 'KIMMY'],
  ['GABRIEL', 'GABE', 'GABY', 'GAB'],
  ['GABRIELLE', 'GABY', 'GABBY', 'ELLE'],
  ['GABRIELA', 'GABY', 'GABI'],
  ['ISABELLE', 'ISA', 'BELLE', 'IZZY', 'BELLA'],
  ['ISABELLA', 'BELLA', 'IZZY', 'ISA'],
  ['FREDERICK', 'FRED', 'FREDDIE', 'FREDDY', 'RICK'],
  ['FREDERIC', 'FRED', 'FREDDY'],
  ['ALFRED', 'ALF', 'FRED', 'FREDDIE', 'AL'],
  ['ALBERT', 'AL', 'BERT', 'BERTIE'],
  ['HENRY', 'HANK', 'HARRY', 'HAL'],
  ['HAROLD', 'HARRY', 'HAL'],
  ['CHARLES', 'CHARLIE', 'CHUCK', 'CHAZ', 'CHAS'],
  ['CHARLOTTE', 'CHARLIE', 'LOTTIE', 'CHAR', 'LOTTE'],
  ['ABIGAIL', 'ABBY', 'ABBIE'],
  ['OLIVIA', 'LIV', 'LIVVY', 'LIVIE', 'OLLIE'],
  ['OLIVER', 'OLLIE', 'OLLY'],
  ['EMILY', 'EM', 'EMMY', 'MILLIE'],
  ['EMMANUEL', 'MANNY', 'MANU'],
  ['EMMANUELLE', 'MANU'],
  ['AMANDA', 'MANDY', 'MANDI'],
  ['MADELINE', 'MADDIE', 'MADDY', 'MADDI'],
  ['MADELEINE', 'MADDIE', 'MADO'],
  ['MADISON', 'MADDIE', 'MADDY', 'MADI'],
  ['NATHANIEL', 'NATE', 'NAT', 'NATHAN'],
  ['NATHALIE', 'NAT', 'NATH'],
  ['ZACHARY', 'ZACH', 'ZACK', 'ZAK'],
  ['JACOB', 'JAKE', 'JAKEY', 'COBY'],
  ['JOSHUA', 'JOSH'],
  ['ANDREW', 'ANDY', 'DREW', 'ANDIE'],
  ['ANDRE', 'DEDE'],
  ['TIMOTHY', 'TIM', 'TIMMY'],
  ['KENNETH', 'KEN', 'KENNY'],
  ['RAYMOND', 'RAY'],
  ['RONALD', 'RON', 'RONNIE'],
  ['DONALD', 'DON', 'DONNIE'],
  ['GERALD', 'GERRY', 'JERRY'],
  ['GREGORY', 'GREG', 'GREGG'],
  ['JEFFREY', 'JEFF'],
  ['JEFFERY', 'JEFF'],
  ['PHILIP', 'PHIL', 'PIP'],
  ['PHILLIP', 'PHIL'],
  ['PHILIPPE', 'PHIL'],
  ['PETER', 'PETE'],
  ['LAWRENCE', 'LARRY', 'LAURIE'],
  ['LAURENT', 'LAURY'],
  ['LEONARD', 'LEO', 'LEN', 'LENNY'],
  ['LEONARDO', 'LEO'],
  ['DOMINIC', 'DOM', 'NIC'],
  ['DOMINIQUE', 'DOM'],
  ['VINCENZO', 'ENZO', 'VINCE', 'VINNY'],
  ['VINCENT', 'VINCE', 'VINNY'],
  ['FRANCESCO', 'FRANCO', 'FRANK', 'CHECCO'],
  ['FRANCIS', 'FRANK', 'FRAN'],
  ['FRANKLIN', 'FRANK'],
  ['FRANCOIS', 'FRANK', 'FRANCK'],
  ['SALVATORE', 'SAL', 'TORE', 'TOTO'],
  ['GIOVANNI', 'GIANNI', 'NINO', 'VANNI'],
  ['ROBERTO', 'ROB', 'BOB', 'BETO'],
  ['ALESSANDRO', 'ALEX', 'SANDRO'],
  ['ALEJANDRO', 'ALEX', 'ALE'],
  ['FERNANDO', 'NANDO', 'FERNIE'],
  ['EDUARDO', 'EDU', 'DUDU'],
  ['MANUEL', 'MANNY', 'MANOLO'],
  ['FRANCISCO', 'PACO', 'CHICO', 'FRAN', 'KIKO'],
  ['ANTONIA', 'TONI', 'TONIA'],
  ['MARIA', 'MARIE'],
  ['MARY', 'MOLLY', 'POLLY', 'MAE', 'MAME'],
  ['ANNE', 'ANNIE', 'NANCY', 'NAN'],
  ['ANN', 'ANNIE'],
  ['ANNA', 'ANNIE'],
  ['HELEN', 'NELL', 'NELLIE'],
  ['ELEANOR', 'ELLIE', 'NELL'],
  ['DOROTHY', 'DOT', 'DOTTIE', 'DOLLY'],
  ['JOSEPHINE', 'JOSIE', 'JO', 'JOSEE'],
  ['JOSEE', 'JOJO'],
  ['JACQUELINE', 'JACKIE', 'JACKY', 'JACQUIE'],
  ['JACQUES', 'JACK', 'JACKY', 'JACQUOT'],
  ['CHRISTIAN', 'CHRIS'],
  ['SEBASTIEN', 'SEB', 'SEBAS'],
  ['SEBASTIAN', 'SEB', 'SEBBY'],
  ['MAXIME', 'MAX'],
  ['MAXIMILIAN', 'MAX'],
  ['MAXWELL', 'MAX'],
  ['GUILLAUME', 'GUI', 'GUIGUI'],
  ['VALERIE', 'VAL'],
  ['VALENTINA', 'VAL', 'TINA'],
  ['CAROLINE', 'CARRIE', 'CARO', 'CAROL'],
  ['CAROLINA', 'CAROL', 'CARO'],
  ['CAMILLE', 'CAM', 'MIMI'],
  ['CAMERON', 'CAM'],
  ['CAMILA', 'CAMI'],
  ['VERONICA', 'RONNIE', 'VERO', 'NIKKI'],
  ['VERONIQUE', 'VERO'],
  ['FREDERIQUE', 'FRED'],
  ['PRIYANKA', 'PRIYA', 'PINKY'],
  ['MOHAMMED', 'MO', 'MOE', 'HAMMUDI', 'MOHD'],
  ['MUHAMMAD', 'MO', 'MOE'],
  ['ABDULLAH', 'ABDUL', 'ABDI'],
  ['ABDULRAHMAN', 'ABDUL'],
  ['IBRAHIM', 'IBBY', 'IBRA'],
  ['MUSTAFA', 'MUS'],
  ['KHADIJA', 'DIJA'],
  ['MUHAMMADALI', 'ALI'],
  ['SUKHPREET', 'SUKH'],
  ['GURPREET', 'GURI', 'PREET'],
  ['HARPREET', 'HARRY', 'PREET'],
  ['JASPREET', 'JAS', 'JAZ'],
  ['NAVDEEP', 'NAV'],
  ['NAVPREET', 'NAV'],
  ['RAJINDER', 'RAJ'],
  ['RAJESH', 'RAJ'],
  ['RAJWINDER', 'RAJ'],
  ['HARJINDER', 'HARRY'],
  ['SIDDHARTH', 'SID'],
  ['ABHISHEK', 'ABHI'],
  ['VIKRAM', 'VIK', 'VICKY'],
  ['ANANYA', 'ANU'],
  ['ANUSHKA', 'ANU'],
  ['PRAVEEN', 'PRAV'],
  ['ZHIHAO', 'HAO'],
  ['NGOC ANH', 'ANH'],
  ['JUAN CARLOS', 'JC'],
  ['MARIA JOSE', 'MAJO'],
  ['JOAO PEDRO', 'JP'],
  ['JOHN PAUL', 'JP'],
  ['JUSTIN', 'JUS'],
  ['BRADLEY', 'BRAD'],
  ['BRANDON', 'BRAN'],
  ['DOUGLAS', 'DOUG'],
  ['JUSTINE', 'JUS'],
  ['ALEXA', 'LEXI'],
  ['ERIC', 'RICK'],
  ['ERICA', 'RIKKI'],
  ['TERESA', 'TERRY', 'TESS'],
  ['THERESE', 'TERRY', 'TESS'],
  ['JOCELYN', 'JOSS'],
  ['CASSANDRA', 'CASSIE'],
  ['ANASTASIA', 'ANA', 'STACY', 'NASTYA'],
  ['EUGENE', 'GENE'],
  ['AUGUSTIN', 'GUS', 'AUGIE'],
  ['AUGUSTUS', 'GUS'],
  ['ANGELO', 'ANGIE'],
  ['ANGELA', 'ANGIE', 'ANGEL'],
  ['VIRGINIA', 'GINNY', 'GINGER'],
  ['MELISSA', 'MEL', 'MISSY'],
  ['MELANIE', 'MEL'],
  ['AMELIA', 'MILLIE', 'MILLY'],
  ['EVELYN', 'EVIE', 'EVE'],
  ['GENEVIEVE', 'GEN', 'GENNY', 'VIVI'],
  ['TREVOR', 'TREV'],
  ['MITCHELL', 'MITCH'],
  ['ARTHUR', 'ART', 'ARTIE'],
];

/** Spelling variants and transliterations of surnames that share neither spelling nor sound. */
const SURNAME_VARIANT_GROUPS: string[][] = [
  ['MOHAMMED', 'MUHAMMAD', 'MOHAMED', 'MOHAMMAD', 'MOHAMAD', 'MUHAMMED'],
  ['CHAUDHRY', 'CHOUDHURY', 'CHOWDHURY', 'CHAUDHARY', 'CHOUDHARY', 'CHOUDHRY', 'CHAUDHARI', 'CHOWDHARY'],
  ['HUSSAIN', 'HUSSEIN', 'HUSAIN', 'HOSSAIN', 'HOSSEIN'],
  ['ABDULLAH', 'ABDALLAH'],
  ['AHMED', 'AHMAD'],
  // Mandarin (pinyin) and Cantonese spellings of one Chinese surname.
  ['LI', 'LEE'],
  ['WANG', 'WONG'],
  ['HUANG', 'WONG'],
  ['CHEN', 'CHAN'],
  ['ZHANG', 'CHEUNG', 'CHANG'],
  ['ZHOU', 'CHOW', 'CHAU'],
  ['XU', 'HSU', 'TSUI'],
  ['LIU', 'LAU'],
  ['GUO', 'KWOK', 'KUO'],
  ['HE', 'HO'],
  ['SOUSA', 'SOUZA', 'DESOUSA', 'DESOUZA'],
  ['SILVA', 'DASILVA'],
  ['COSTA', 'DACOSTA'],
  ['SANTOS', 'DOSSANTOS'],
];

export type VariantKind = 'variant' | 'nickname';

function buildIndex(groups: string[][]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  groups.forEach((group, id) => {
    for (const raw of group) {
      const name = raw.replace(/ /g, '');
      const ids = index.get(name);
      if (ids === undefined) index.set(name, [id]);
      else if (!ids.includes(id)) ids.push(id);
    }
  });
  return index;
}

const givenVariantIndex = buildIndex(GIVEN_VARIANT_GROUPS);
const givenNicknameIndex = buildIndex(GIVEN_NICKNAME_GROUPS);
const surnameVariantIndex = buildIndex(SURNAME_VARIANT_GROUPS);

function shareGroup(index: Map<string, number[]>, a: string, b: string): boolean {
  const ga = index.get(a);
  if (ga === undefined) return false;
  const gb = index.get(b);
  if (gb === undefined) return false;
  for (const id of ga) if (gb.includes(id)) return true;
  return false;
}

/** The initials of a compound given name: "JEAN PHILIPPE" → JP. Empty for a one-word name. */
export function initialsOf(normalisedGiven: string): string {
  const words = normalisedGiven.split(' ');
  if (words.length < 2) return '';
  return words.map((w) => w[0]).join('');
}

/**
 * How two normalised given names relate through the tables: 'variant' for spellings and
 * transliterations of one name, 'nickname' for a diminutive or initials, undefined otherwise.
 * Names are compared without spaces (JEAN PHILIPPE = JEANPHILIPPE), then word by word for the first word.
 */
export function givenNameRelation(a: string, b: string): VariantKind | undefined {
  if (a === '' || b === '') return undefined;
  const ca = a.includes(' ') ? a.replace(/ /g, '') : a;
  const cb = b.includes(' ') ? b.replace(/ /g, '') : b;
  if (ca === cb) return undefined;
  const va = givenVariantIndex.get(ca);
  const vb = givenVariantIndex.get(cb);
  if (va !== undefined && vb !== undefined && va.some((id) => vb.includes(id))) return 'variant';
  const na = givenNicknameIndex.get(ca);
  const nb = givenNicknameIndex.get(cb);
  if (na !== undefined && nb !== undefined && na.some((id) => nb.includes(id))) return 'nickname';
  // Nickname of a variant: Bill ↔ Guillaume goes through William.
  if (
    (va !== undefined && nb !== undefined && viaVariant(ca, cb)) ||
    (vb !== undefined && na !== undefined && viaVariant(cb, ca))
  )
    return 'nickname';
  if ((ca.length <= 3 && initialsOf(b) === ca) || (cb.length <= 3 && initialsOf(a) === cb)) return 'nickname';
  return undefined;
}

function viaVariant(full: string, nick: string): boolean {
  const ids = givenVariantIndex.get(full);
  if (ids === undefined) return false;
  for (const id of ids) {
    for (const variant of GIVEN_VARIANT_GROUPS[id]) {
      if (variant !== full && shareGroup(givenNicknameIndex, variant, nick)) return true;
    }
  }
  return false;
}

/** Given-name forms to block on for a typed first name: itself and every table relative. */
export function givenNameForms(normalised: string): string[] {
  const c = normalised.replace(/ /g, '');
  const forms = new Set<string>([normalised]);
  for (const index of [givenVariantIndex, givenNicknameIndex]) {
    const groups = index === givenVariantIndex ? GIVEN_VARIANT_GROUPS : GIVEN_NICKNAME_GROUPS;
    for (const id of index.get(c) ?? []) for (const name of groups[id]) forms.add(name);
  }
  return [...forms];
}

/** True when two normalised surnames are listed as spellings or transliterations of one name. */
export function surnameVariants(a: string, b: string): boolean {
  if (a === '' || b === '') return false;
  const ca = a.includes(' ') ? a.replace(/ /g, '') : a;
  const cb = b.includes(' ') ? b.replace(/ /g, '') : b;
  if (ca === cb) return false;
  if (shareGroup(surnameVariantIndex, ca, cb)) return true;
  // Mac and Mc are one prefix in Scottish and Irish names.
  if (ca.charCodeAt(0) !== 77 || cb.charCodeAt(0) !== 77) return false;
  const ma = ca.startsWith('MAC') && ca.length > 5 ? 'MC' + ca.slice(3) : ca;
  const mb = cb.startsWith('MAC') && cb.length > 5 ? 'MC' + cb.slice(3) : cb;
  return ma === mb;
}

/** Surname forms to block on: the table relatives of a typed surname. */
export function surnameForms(normalised: string): string[] {
  const c = normalised.replace(/ /g, '');
  const forms: string[] = [];
  for (const id of surnameVariantIndex.get(c) ?? [])
    for (const name of SURNAME_VARIANT_GROUPS[id]) if (name !== c) forms.push(name);
  return forms;
}
