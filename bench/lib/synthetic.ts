/**
 * A seeded, reproducible synthetic SIS and transcript requests for the matching bench.
 *
 * Students carry names drawn from the communities of Ontario's schools (English, French, South Asian,
 * Chinese, Vietnamese, Arabic, Filipino, Portuguese, Italian, Korean, Eastern European, Somali…), with
 * common surnames at realistic shares (Singh about 1 %, Nguyen about 0.4 %) and a long tail of rare ones,
 * twins and siblings, middle, preferred and former names. Requests copy a student and apply the
 * discrepancies applicants make; hard negatives are people absent from the SIS who look like someone in it.
 * Every request is labelled with its true student number, or undefined when the person is not in the SIS.
 *
 * The nickname list here is the generator's own (what applicants type), not the matcher's table.
 */
import type { Gender, SisStudent } from '../../src/sis/index.js';
import type { MatchRequest } from '../../src/matching/types.js';

export type Rng = () => number;

/** mulberry32: small, fast, good enough for test data. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)];

/** Zipf-like pick: earlier entries much more frequent. */
function pickZipf<T>(rng: Rng, list: readonly T[], exponent = 1.0): T {
  // Inverse-CDF of a continuous power law over [1, n+1).
  const n = list.length;
  if (exponent === 1) {
    const x = Math.exp(rng() * Math.log(n + 1));
    return list[Math.min(n - 1, Math.floor(x) - 1)];
  }
  const a = 1 - exponent;
  const x = Math.pow(1 + rng() * (Math.pow(n + 1, a) - 1), 1 / a);
  return list[Math.min(n - 1, Math.floor(x) - 1)];
}

interface Community {
  name: string;
  share: number;
  /** Common surnames, most frequent first, and the chance a person has one of them (else a tail name). */
  surnames: string[];
  commonShare: number;
  /** Zipf exponent of the common surnames: higher, more concentrated on the first ones. */
  exponent: number;
  /** Syllables for rare surnames of this community. */
  tail: [string[], string[]];
  male: string[];
  female: string[];
  /** Chance of a compound (two-part) surname. */
  compound?: number;
  /** Given names used as a preferred first name (English names of Chinese or Korean students). */
  preferred?: string[];
}

const ENGLISH_MALE = [
  'Liam',
  'Noah',
  'William',
  'Benjamin',
  'Lucas',
  'Oliver',
  'Ethan',
  'James',
  'Jacob',
  'Logan',
  'Owen',
  'Jack',
  'Nathan',
  'Matthew',
  'Ryan',
  'Daniel',
  'Michael',
  'Alexander',
  'Samuel',
  'Joshua',
  'Thomas',
  'Andrew',
  'Christopher',
  'Robert',
  'Jonathan',
  'Tyler',
  'Connor',
  'Dylan',
  'Evan',
  'Cameron',
  'Joseph',
  'David',
  'Nicholas',
  'Anthony',
  'Brandon',
  'Austin',
  'Hunter',
  'Carter',
  'Aiden',
  'Mason',
  'Caleb',
  'Isaac',
  'Wyatt',
  'Gavin',
  'Cole',
  'Liam',
  'Richard',
  'Edward',
  'Henry',
  'Charles',
  'Zachary',
  'Patrick',
  'Kenneth',
  'Gregory',
  'Timothy',
  'Jeffrey',
  'Stephen',
  'Bradley',
  'Trevor',
  'Mitchell',
];
const ENGLISH_FEMALE = [
  'Emma',
  'Olivia',
  'Charlotte',
  'Sophia',
  'Ava',
  'Emily',
  'Abigail',
  'Hannah',
  'Madison',
  'Chloe',
  'Isabella',
  'Ella',
  'Grace',
  'Lily',
  'Avery',
  'Sarah',
  'Jessica',
  'Megan',
  'Rachel',
  'Lauren',
  'Samantha',
  'Katherine',
  'Elizabeth',
  'Rebecca',
  'Victoria',
  'Alexandra',
  'Amanda',
  'Jennifer',
  'Natalie',
  'Brooke',
  'Paige',
  'Kayla',
  'Taylor',
  'Morgan',
  'Hailey',
  'Brianna',
  'Alyssa',
  'Mackenzie',
  'Julia',
  'Amelia',
  'Harper',
  'Evelyn',
  'Margaret',
  'Caroline',
  'Patricia',
  'Stephanie',
  'Kimberly',
  'Danielle',
  'Nicole',
  'Melissa',
  'Caitlin',
  'Ashley',
  'Jasmine',
  'Abby',
  'Ellie',
  'Claire',
  'Nora',
  'Zoe',
  'Maya',
  'Leah',
];

const COMMUNITIES: Community[] = [
  {
    name: 'english',
    share: 0.33,
    surnames: [
      'Smith',
      'Brown',
      'Wilson',
      'Taylor',
      'Martin',
      'Campbell',
      'Anderson',
      'Thompson',
      'MacDonald',
      'Johnson',
      'Williams',
      'Jones',
      'Miller',
      'White',
      'Davis',
      'Stewart',
      'Scott',
      'Young',
      'Clark',
      'Robinson',
      'King',
      'Moore',
      'Walker',
      'Hall',
      'Wright',
      'Green',
      'Mitchell',
      'Murphy',
      'Ross',
      'Kelly',
      'Ryan',
      'Reid',
      "O'Brien",
      'McLeod',
      'MacKenzie',
      'Fraser',
      'Graham',
      'Morrison',
      'Hamilton',
      'Bell',
      'Cook',
      'Hughes',
      'Evans',
      'Baker',
      'Cooper',
      'Watson',
      'Murray',
      'Sullivan',
      'Wood',
      'Russell',
      'Harris',
      'Lewis',
      'Jackson',
      'Allen',
      'Hill',
      'Adams',
      'Nelson',
      'Carter',
      'Turner',
      'Parker',
    ],
    commonShare: 0.4,
    exponent: 0.5,
    tail: [
      [
        'Ash',
        'Black',
        'Brad',
        'Brook',
        'Cal',
        'Craw',
        'Dun',
        'Fair',
        'Farn',
        'Gar',
        'Hart',
        'Hol',
        'Kings',
        'Lang',
        'Marsh',
        'Mel',
        'Nor',
        'Pem',
        'Rad',
        'Ray',
        'Shel',
        'Stan',
        'Thorn',
        'Wal',
        'Wins',
        'Whit',
        'Aber',
        'Bar',
        'Bram',
        'Car',
      ],
      [
        'ford',
        'ton',
        'ley',
        'wood',
        'field',
        'worth',
        'by',
        'ham',
        'well',
        'more',
        'dale',
        'ridge',
        'bury',
        'stone',
        'wick',
        'land',
        'shaw',
        'cott',
        'brook',
        'den',
      ],
    ],
    male: ENGLISH_MALE,
    female: ENGLISH_FEMALE,
  },
  {
    name: 'french',
    share: 0.1,
    surnames: [
      'Tremblay',
      'Gagnon',
      'Roy',
      'Côté',
      'Bouchard',
      'Gauthier',
      'Morin',
      'Lavoie',
      'Fortin',
      'Gagné',
      'Bélanger',
      'Pelletier',
      'Lévesque',
      'Bergeron',
      'Leblanc',
      'Lapointe',
      'Ouellet',
      'Cloutier',
      'Dubé',
      'Poirier',
      'Girard',
      'Caron',
      'Beaulieu',
      'St-Pierre',
      'Desjardins',
      'Thériault',
      'Lalonde',
      'Charbonneau',
      'Séguin',
      'Larocque',
      'Lafleur',
      'Dufresne',
      "D'Amour",
      'Villeneuve',
      'Paquette',
    ],
    commonShare: 0.6,
    exponent: 0.6,
    tail: [
      [
        'Beau',
        'Bois',
        'Bon',
        'Char',
        'Des',
        'Du',
        'La',
        'Le',
        'Mar',
        'Mont',
        'Ro',
        'Sau',
        'Ver',
        'Gi',
        'Fon',
        'Val',
        'Bru',
        'Cha',
        'Gre',
        'Tru',
      ],
      [
        'champ',
        'chesne',
        'lieu',
        'mont',
        'rivière',
        'chard',
        'lanc',
        'rault',
        'teau',
        'quette',
        'ville',
        'noir',
        'doin',
        'lière',
        'gnon',
        'bert',
        'court',
        'nier',
        'set',
        'vais',
      ],
    ],
    male: [
      'Jean-Philippe',
      'Alexandre',
      'Mathieu',
      'Étienne',
      'Guillaume',
      'Gabriel',
      'Félix',
      'Samuel',
      'Olivier',
      'Louis',
      'Antoine',
      'Nicolas',
      'Maxime',
      'Sébastien',
      'Jérémie',
      'Xavier',
      'Émile',
      'Thomas',
      'William',
      'Raphaël',
      'Jean-François',
      'Marc-André',
      'Pierre-Luc',
      'Vincent',
      'Simon',
      'Philippe',
      'Hugo',
      'Zacharie',
      'Benoît',
      'François',
    ],
    female: [
      'Marie-Ève',
      'Émilie',
      'Geneviève',
      'Chloé',
      'Léa',
      'Zoé',
      'Camille',
      'Sarah',
      'Juliette',
      'Gabrielle',
      'Catherine',
      'Audrey',
      'Laurence',
      'Mélanie',
      'Isabelle',
      'Noémie',
      'Rosalie',
      'Élodie',
      'Maude',
      'Anne-Sophie',
      'Marie-Pier',
      'Stéphanie',
      'Valérie',
      'Josée',
      'Florence',
      'Alice',
      'Charlotte',
      'Béatrice',
      'Mégane',
      'Annie',
    ],
    compound: 0.04,
  },
  {
    name: 'southasian',
    share: 0.15,
    surnames: [
      'Singh',
      'Kaur',
      'Patel',
      'Gill',
      'Sharma',
      'Kumar',
      'Sidhu',
      'Sandhu',
      'Dhillon',
      'Grewal',
      'Brar',
      'Shah',
      'Khan',
      'Chaudhry',
      'Malhotra',
      'Gupta',
      'Mehta',
      'Joshi',
      'Desai',
      'Reddy',
      'Rao',
      'Iyer',
      'Nair',
      'Pillai',
      'Bhatt',
      'Chopra',
      'Kapoor',
      'Verma',
      'Mann',
      'Bains',
      'Randhawa',
      'Virk',
      'Sohal',
      'Hundal',
      'Aujla',
      'Perera',
      'Fernando',
      'Siddiqui',
      'Qureshi',
      'Rahman',
    ],
    commonShare: 0.8,
    exponent: 0.6,
    tail: [
      [
        'Anand',
        'Bal',
        'Bhar',
        'Chan',
        'Dev',
        'Gan',
        'Har',
        'Jai',
        'Kal',
        'Man',
        'Nara',
        'Pra',
        'Ram',
        'Sub',
        'Sri',
        'Tha',
        'Vas',
        'Ven',
        'Mura',
        'Raj',
      ],
      [
        'ani',
        'deep',
        'gopal',
        'kar',
        'nathan',
        'wal',
        'jee',
        'swamy',
        'pal',
        'raman',
        'ith',
        'endran',
        'alingam',
        'ane',
        'ayya',
        'ur',
        'an',
        'esh',
        'kumar',
        'dra',
      ],
    ],
    male: [
      'Harpreet',
      'Gurpreet',
      'Jaspreet',
      'Manpreet',
      'Navdeep',
      'Arjun',
      'Rohan',
      'Aarav',
      'Ishaan',
      'Vikram',
      'Rahul',
      'Amandeep',
      'Karan',
      'Sahil',
      'Gurjot',
      'Harjot',
      'Jasraj',
      'Prabhjot',
      'Aryan',
      'Dev',
      'Siddharth',
      'Nikhil',
      'Varun',
      'Raj',
      'Anish',
      'Kabir',
      'Armaan',
      'Yuvraj',
      'Tanveer',
      'Hamza',
    ],
    female: [
      'Harpreet',
      'Simranjit',
      'Jaspreet',
      'Manpreet',
      'Navneet',
      'Priya',
      'Ananya',
      'Diya',
      'Anjali',
      'Kiran',
      'Simran',
      'Amandeep',
      'Gurleen',
      'Harleen',
      'Jasleen',
      'Navjot',
      'Pooja',
      'Sneha',
      'Riya',
      'Isha',
      'Aisha',
      'Sana',
      'Meera',
      'Tanvi',
      'Nisha',
      'Shreya',
      'Kavya',
      'Avneet',
      'Prabhleen',
      'Mehak',
    ],
  },
  {
    name: 'chinese',
    share: 0.1,
    surnames: [
      'Li',
      'Wang',
      'Chen',
      'Zhang',
      'Liu',
      'Huang',
      'Zhou',
      'Wu',
      'Xu',
      'Yang',
      'Zhao',
      'Sun',
      'Lin',
      'Wong',
      'Chan',
      'Lee',
      'Ma',
      'Hu',
      'Guo',
      'He',
      'Gao',
      'Luo',
      'Zheng',
      'Liang',
      'Xie',
      'Tang',
      'Han',
      'Cao',
      'Deng',
      'Feng',
      'Zeng',
      'Peng',
      'Cheung',
      'Lau',
      'Leung',
      'Ng',
      'Yip',
      'Tse',
      'Fung',
      'Lam',
    ],
    commonShare: 0.97,
    exponent: 0.6,
    tail: [
      ['Ou', 'Si', 'Zhu', 'Dong', 'Yuan', 'Pan', 'Du', 'Dai', 'Xia', 'Zhong'],
      ['', 'yang', 'tu', 'ma', 'men', 'kong', 'hou', 'ao', 'an', 'in'],
    ],
    male: [
      'Wei',
      'Hao',
      'Jun',
      'Ming',
      'Yu',
      'Jie',
      'Hao Ran',
      'Zi Xuan',
      'Yi Chen',
      'Jia Hao',
      'Tian',
      'Kai',
      'Bo',
      'Lei',
      'Chen',
      'Xiang',
      'Zhi Hao',
      'Jian',
      'Peng',
      'Long',
    ],
    female: [
      'Jing',
      'Xin',
      'Yi',
      'Jia',
      'Mei',
      'Xiao Yu',
      'Yu Xuan',
      'Zi Han',
      'Hui',
      'Lin',
      'Ying',
      'Qian',
      'Xue',
      'Yan',
      'Shu',
      'Ling',
      'Wen',
      'Min',
      'Fang',
      'Lan',
    ],
    preferred: [
      'Kevin',
      'Jason',
      'Eric',
      'Michelle',
      'Vivian',
      'Grace',
      'Tony',
      'Jenny',
      'Alice',
      'Andy',
      'Cindy',
      'Daniel',
      'Angela',
      'Frank',
      'Amy',
    ],
  },
  {
    name: 'vietnamese',
    share: 0.012,
    surnames: [
      'Nguyễn',
      'Trần',
      'Lê',
      'Phạm',
      'Hoàng',
      'Huỳnh',
      'Phan',
      'Vũ',
      'Võ',
      'Đặng',
      'Bùi',
      'Đỗ',
      'Hồ',
      'Ngô',
      'Dương',
      'Lý',
    ],
    commonShare: 1,
    exponent: 0.6,
    tail: [[''], ['']],
    male: [
      'Minh',
      'Huy',
      'Khoa',
      'Đức',
      'Long',
      'Quang',
      'Tuấn',
      'Bảo',
      'Hoàng',
      'Nam',
      'Phúc',
      'Thắng',
      'Vinh',
      'Trung',
      'Khang',
    ],
    female: [
      'Anh',
      'Linh',
      'Thảo',
      'Trang',
      'Phương',
      'Ngọc',
      'Hương',
      'Mai',
      'Lan',
      'Thu',
      'Hà',
      'Vy',
      'Nhi',
      'Quỳnh',
      'Yến',
    ],
  },
  {
    name: 'arabic',
    share: 0.07,
    surnames: [
      'Mohamed',
      'Ahmed',
      'Ali',
      'Hassan',
      'Hussein',
      'Ibrahim',
      'Abdi',
      'Khalil',
      'Haddad',
      'Saleh',
      'Mansour',
      'Nasser',
      'Youssef',
      'Farah',
      'Abdullah',
      'Mahmoud',
      'Omar',
      'Salem',
      'Hamdan',
      'El-Khoury',
      'Al-Sayed',
      'Aziz',
      'Karim',
      'Said',
      'Rahimi',
      'Haidari',
      'Sultani',
      'Jaber',
      'Nassar',
      'Awad',
    ],
    commonShare: 0.75,
    exponent: 0.6,
    tail: [
      ['Al-', 'El-', 'Abu ', 'Ben ', ''],
      [
        'Hashimi',
        'Tamimi',
        'Masri',
        'Halabi',
        'Khatib',
        'Najjar',
        'Shami',
        'Zahran',
        'Bakri',
        'Qasim',
        'Dabbagh',
        'Attar',
        'Sabbagh',
        'Touma',
        'Hakim',
      ],
    ],
    male: [
      'Mohammed',
      'Muhammad',
      'Ahmad',
      'Omar',
      'Yousef',
      'Ali',
      'Hamza',
      'Ibrahim',
      'Khalid',
      'Mustafa',
      'Adam',
      'Yassin',
      'Karim',
      'Samir',
      'Abdullah',
      'Hassan',
      'Zakaria',
      'Ilyas',
      'Rayan',
      'Amir',
    ],
    female: [
      'Fatima',
      'Aisha',
      'Maryam',
      'Layla',
      'Nour',
      'Zainab',
      'Sara',
      'Hana',
      'Yasmin',
      'Amira',
      'Rania',
      'Lina',
      'Dalia',
      'Salma',
      'Khadija',
      'Malak',
      'Jana',
      'Rim',
      'Huda',
      'Leila',
    ],
  },
  {
    name: 'filipino',
    share: 0.04,
    surnames: [
      'Santos',
      'Reyes',
      'Cruz',
      'Bautista',
      'Ocampo',
      'Garcia',
      'Mendoza',
      'Torres',
      'Dela Cruz',
      'Ramos',
      'Aquino',
      'Villanueva',
      'Castillo',
      'Flores',
      'Gonzales',
      'Del Rosario',
      'Fernandez',
      'Lopez',
      'Manalo',
      'Domingo',
      'Pascual',
      'De Guzman',
      'Salazar',
      'Navarro',
      'Aguilar',
    ],
    commonShare: 0.85,
    exponent: 0.6,
    tail: [
      ['Ma', 'Pa', 'Sa', 'Ca', 'Ta', 'Ba'],
      ['nalac', 'lumbay', 'nguit', 'bayan', 'gdangal', 'ligan'],
    ],
    male: [
      'John Paul',
      'Mark',
      'Angelo',
      'Christian',
      'Joshua',
      'Jericho',
      'Carlo',
      'Miguel',
      'Paolo',
      'Jose',
      'Rafael',
      'Renz',
      'Kyle',
      'Nathaniel',
      'Justin',
    ],
    female: [
      'Maria',
      'Angelica',
      'Kimberly',
      'Princess',
      'Bea',
      'Nicole',
      'Andrea',
      'Patricia',
      'Camille',
      'Jasmine',
      'Kristine',
      'Mary Grace',
      'Joy',
      'Hazel',
      'Trisha',
    ],
  },
  {
    name: 'portuguese',
    share: 0.03,
    surnames: [
      'Silva',
      'Santos',
      'Ferreira',
      'Pereira',
      'Costa',
      'Rodrigues',
      'Oliveira',
      'Sousa',
      'Medeiros',
      'Pacheco',
      'Carvalho',
      'Da Silva',
      'De Sousa',
      'Rebelo',
      'Amaral',
      'Câmara',
      'Furtado',
      'Raposo',
      'Moniz',
      'Tavares',
    ],
    commonShare: 0.9,
    exponent: 0.6,
    tail: [
      ['Mo', 'Fa', 'Gou', 'Mi', 'Bo'],
      ['reira', 'laço', 'veia', 'randa', 'telho'],
    ],
    male: [
      'João',
      'Pedro',
      'Tiago',
      'Miguel',
      'Rui',
      'Diogo',
      'André',
      'Gonçalo',
      'Ricardo',
      'Nuno',
      'Luís',
      'Paulo',
    ],
    female: [
      'Ana',
      'Inês',
      'Beatriz',
      'Sofia',
      'Mariana',
      'Catarina',
      'Joana',
      'Rita',
      'Marta',
      'Filipa',
      'Leonor',
      'Carolina',
    ],
    compound: 0.1,
  },
  {
    name: 'italian',
    share: 0.05,
    surnames: [
      'Rossi',
      'Russo',
      'Ferrari',
      'Esposito',
      'Bianchi',
      'Romano',
      'Colombo',
      'Ricci',
      'Marino',
      'Greco',
      'Bruno',
      'Gallo',
      'Conti',
      'De Luca',
      'Costa',
      'Mancini',
      'Di Nardo',
      'Lombardi',
      'Moretti',
      'Barbieri',
      'Fontana',
      'Santoro',
      'Mariani',
      'Rinaldi',
      'Caruso',
      'Ferrara',
      'Galli',
      'Martini',
      'Leone',
      'Longo',
      'DiMarco',
      'Iacobucci',
      'Pasquale',
    ],
    commonShare: 0.7,
    exponent: 0.6,
    tail: [
      ['Ca', 'Di ', 'De ', 'Lo ', 'Pe', 'Sca', 'Tro', 'Vi'],
      ['ruso', 'ppola', 'nardi', 'stelli', 'lucci', 'tarella', 'ccione', 'gliani', 'mbardo', 'sanna'],
    ],
    male: [
      'Giuseppe',
      'Marco',
      'Luca',
      'Alessandro',
      'Matteo',
      'Vincenzo',
      'Antonio',
      'Francesco',
      'Giovanni',
      'Lorenzo',
      'Nicola',
      'Salvatore',
      'Dominic',
      'Anthony',
      'Michael',
    ],
    female: [
      'Giulia',
      'Francesca',
      'Sofia',
      'Chiara',
      'Alessia',
      'Martina',
      'Elena',
      'Gianna',
      'Isabella',
      'Valentina',
      'Maria',
      'Angela',
      'Teresa',
      'Sabrina',
      'Daniela',
    ],
  },
  {
    name: 'korean',
    share: 0.02,
    surnames: [
      'Kim',
      'Lee',
      'Park',
      'Choi',
      'Jung',
      'Kang',
      'Cho',
      'Yoon',
      'Jang',
      'Lim',
      'Han',
      'Oh',
      'Seo',
      'Shin',
      'Kwon',
    ],
    commonShare: 1,
    exponent: 1,
    tail: [[''], ['']],
    male: ['Min-jun', 'Ji-ho', 'Seo-jun', 'Hyun-woo', 'Do-yun', 'Joon-ho', 'Sung-min', 'Tae-yang'],
    female: ['Seo-yeon', 'Ji-woo', 'Ha-eun', 'Min-seo', 'Su-bin', 'Ye-jin', 'Eun-ji', 'Hye-jin'],
    preferred: ['Daniel', 'Grace', 'David', 'Sarah', 'Brian', 'Joanne', 'Paul', 'Esther'],
  },
  {
    name: 'other',
    share: 0.098,
    surnames: [
      'Kowalski',
      'Nowak',
      'Wiśniewski',
      'Kovalenko',
      'Shevchenko',
      'Papadopoulos',
      'Warsame',
      'Osman',
      'Jama',
      'Campbell',
      'Williams',
      'Okafor',
      'Adeyemi',
      'Mensah',
      'Haile',
      'Tesfaye',
      'Petrov',
      'Ivanov',
      'Novak',
      'Horvat',
      'Müller',
      'Schmidt',
      'Jansen',
      'De Vries',
      'Van Dyk',
      'Rodríguez',
      'González',
      'Hernández',
      'Martínez',
      'Sánchez',
      'Kuznetsov',
      'Bondarenko',
      'Popescu',
      'Nagy',
      'Yilmaz',
      'Demir',
      'Cohen',
      'Levi',
      'Rezaei',
      'Hosseini',
    ],
    commonShare: 0.45,
    exponent: 0.5,
    tail: [
      [
        'Kow',
        'Lewan',
        'Zaj',
        'Grab',
        'Woj',
        'Pav',
        'Kar',
        'Mar',
        'Dim',
        'Kon',
        'Tka',
        'Melnyk',
        'Bor',
        'Ste',
        'Vuk',
      ],
      [
        'alski',
        'dowski',
        'czyk',
        'enko',
        'ovic',
        'opoulos',
        'iadis',
        'escu',
        'ova',
        'chuk',
        'iak',
        'ewicz',
        'idis',
        'aki',
        'ov',
      ],
    ],
    male: [
      'Jakub',
      'Mateusz',
      'Dmytro',
      'Andriy',
      'Nikolaos',
      'Abdirahman',
      'Mohamed',
      'Chinedu',
      'Kwame',
      'Daniel',
      'Ivan',
      'Luka',
      'Mateo',
      'Diego',
      'Santiago',
      'Emre',
      'Arash',
      'Ariel',
      'Yonatan',
      'Stefan',
    ],
    female: [
      'Zuzanna',
      'Oksana',
      'Sofiia',
      'Eleni',
      'Hodan',
      'Amina',
      'Chioma',
      'Ama',
      'Natalia',
      'Ivana',
      'Ana',
      'Valentina',
      'Camila',
      'Elif',
      'Shirin',
      'Noa',
      'Tamar',
      'Daria',
      'Milena',
      'Yasmin',
    ],
  },
];

/** What applicants type for a given name (the generator's list: partly outside the matcher's table). */
const APPLICANT_NICKNAMES: Record<string, string[]> = {
  William: ['Bill', 'Will', 'Liam'],
  Robert: ['Bob', 'Rob', 'Bobby'],
  Elizabeth: ['Liz', 'Beth', 'Lizzie'],
  Alexander: ['Alex', 'Xander'],
  Alexandre: ['Alex'],
  Alexandra: ['Alex', 'Alexa'],
  Katherine: ['Kate', 'Katie', 'Kathy', 'Catherine'],
  Catherine: ['Cathy', 'Katherine', 'Kate'],
  Christopher: ['Chris'],
  Michael: ['Mike'],
  Matthew: ['Matt'],
  Nicholas: ['Nick'],
  Jonathan: ['Jon'],
  Joseph: ['Joe'],
  Daniel: ['Dan', 'Danny'],
  Benjamin: ['Ben'],
  Samuel: ['Sam'],
  Samantha: ['Sam'],
  Thomas: ['Tom'],
  Edward: ['Ed', 'Ted'],
  Richard: ['Rick', 'Rich'],
  Zachary: ['Zach'],
  Jennifer: ['Jen'],
  Jessica: ['Jess'],
  Rebecca: ['Becky'],
  Victoria: ['Vicky', 'Tori'],
  Patricia: ['Trish', 'Pat'],
  Margaret: ['Maggie', 'Meg'],
  Abigail: ['Abby'],
  Stephanie: ['Steph'],
  Kimberly: ['Kim'],
  Nathaniel: ['Nate'],
  Anthony: ['Tony'],
  Andrew: ['Andy', 'Drew'],
  Timothy: ['Tim'],
  'Jean-Philippe': ['JP'],
  'Jean-François': ['JF'],
  'Marie-Ève': ['Marie Eve', 'Marieve'],
  Gabrielle: ['Gaby'],
  Sarah: ['Sara'],
  Mohammed: ['Mohamed', 'Muhammad', 'Mohammad'],
  Muhammad: ['Mohammed', 'Mohamed'],
  Yousef: ['Youssef', 'Yusuf'],
  Maryam: ['Mariam'],
  Aisha: ['Ayesha'],
  Layla: ['Leila'],
  Giuseppe: ['Joseph', 'Joe'],
  Francesco: ['Frank'],
  Giovanni: ['John'],
  Vincenzo: ['Vince', 'Enzo'],
  Salvatore: ['Sal'],
  João: ['Joao', 'John'],
  Nicola: ['Nick'],
  Gurpreet: ['Gurprit'],
  Simranjit: ['Simranjeet'],
  Siddharth: ['Sid'],
  Vikram: ['Vik'],
  Hamza: ['Hamzah'],
  Zakaria: ['Zachary'],
  'John Paul': ['JP'],
  Kristine: ['Kristina'],
  Caitlin: ['Kaitlyn'],
  Megan: ['Meghan'],
  Jasmine: ['Yasmin'],
  Chloé: ['Chloe'],
  Zoé: ['Zoe'],
  Étienne: ['Etienne'],
  Mathieu: ['Matthew', 'Matt'],
};

const SCHOOLS = Array.from({ length: 32 }, (_, i) => String(890000 + i * 137));

export interface SyntheticOptions {
  students: number;
  requests: number;
  seed: number;
}

export interface LabelledRequest {
  request: MatchRequest;
  /** Student number of the true student, or undefined when the applicant is not in the SIS. */
  truth: string | undefined;
  /** What was done to the request: 'clean', 'nickname', 'dob_swap', 'twin_absent', … */
  kinds: string[];
}

export interface SyntheticData {
  students: SisStudent[];
  requests: LabelledRequest[];
}

function luhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

interface Person {
  first: string;
  middle?: string;
  last: string;
  gender: Gender;
  birthDate: string;
  community: Community;
}

class Generator {
  private readonly usedOens = new Set<string>();
  private nextNumber: number;
  private readonly tailCache = new Map<Community, string[]>();

  constructor(private readonly rng: Rng) {
    this.nextNumber = 300_000_000 + Math.floor(rng() * 1000);
  }

  community(): Community {
    let x = this.rng();
    for (const c of COMMUNITIES) {
      x -= c.share;
      if (x < 0) return c;
    }
    return COMMUNITIES[0];
  }

  /** A pool of rare surnames per community, built from its syllables; many people share none of them. */
  private tail(c: Community): string[] {
    let list = this.tailCache.get(c);
    if (list === undefined) {
      const set = new Set<string>();
      for (const a of c.tail[0])
        for (const b of c.tail[1]) {
          const name = (a + b).trim();
          if (name.length > 1) set.add(name.charAt(0).toUpperCase() + name.slice(1));
        }
      list = [...set];
      this.tailCache.set(c, list);
    }
    return list;
  }

  surname(c: Community, gender: Gender): string {
    const rng = this.rng;
    if (c.name === 'southasian' && rng() < 0.15) {
      // Sikh naming: Singh for men, Kaur for women, often as the legal surname.
      return gender === 'F' ? 'Kaur' : 'Singh';
    }
    const common =
      c.name === 'southasian' ? c.surnames.filter((s) => s !== 'Singh' && s !== 'Kaur') : c.surnames;
    let name: string;
    if (rng() < c.commonShare || this.tail(c).length < 2) {
      name = c.name === 'vietnamese' && rng() < 0.38 ? 'Nguyễn' : pickZipf(rng, common, c.exponent);
    } else {
      // Rare names: a syllable pool, with an extra suffix so that the tail is long.
      const base = pick(rng, this.tail(c));
      const extra =
        rng() < 0.7 ? ['', 'e', 's', 'er', 'i', 'a', 'o', 'in', 'ell', 'and'][Math.floor(rng() * 10)] : '';
      name = base + extra;
    }
    if (c.compound && rng() < c.compound) name = `${name}-${pickZipf(rng, c.surnames)}`;
    return name;
  }

  givenName(c: Community, gender: Gender): string {
    const list = gender === 'F' ? c.female : gender === 'M' ? c.male : this.rng() < 0.5 ? c.female : c.male;
    return pickZipf(this.rng, list, 0.8);
  }

  birthDate(): string {
    // Born 2001-2010: students who apply to college or university over the years the SIS keeps.
    const start = Date.UTC(2001, 0, 1);
    const end = Date.UTC(2010, 11, 31);
    return new Date(start + Math.floor(this.rng() * ((end - start) / 86_400_000 + 1)) * 86_400_000)
      .toISOString()
      .slice(0, 10);
  }

  gender(): Gender {
    const x = this.rng();
    return x < 0.495 ? 'M' : x < 0.99 ? 'F' : 'X';
  }

  oen(): string {
    for (;;) {
      let digits = '';
      for (let i = 0; i < 8; i++) digits += Math.floor(this.rng() * 10);
      const oen = digits + luhnCheckDigit(digits);
      if (!this.usedOens.has(oen)) {
        this.usedOens.add(oen);
        return oen;
      }
    }
  }

  studentNumber(): string {
    this.nextNumber += 1 + Math.floor(this.rng() * 7);
    return String(this.nextNumber);
  }

  person(c = this.community(), gender = this.gender()): Person {
    const rng = this.rng;
    const first = this.givenName(c, gender);
    let middle: string | undefined;
    if (rng() < 0.45) {
      middle = this.givenName(rng() < 0.8 ? c : COMMUNITIES[0], gender);
      if (middle === first) middle = undefined;
    }
    return {
      first,
      middle,
      last: this.surname(c, gender),
      gender,
      birthDate: this.birthDate(),
      community: c,
    };
  }

  student(p: Person, school = pick(this.rng, SCHOOLS)): SisStudent {
    const rng = this.rng;
    const graduation = Number(p.birthDate.slice(0, 4)) + 18;
    const previous: string[] = [];
    if (rng() < 0.025) previous.push(this.surname(p.community, p.gender));
    let preferred: string | undefined;
    if (p.community.preferred && rng() < 0.35) preferred = pick(rng, p.community.preferred);
    else if (rng() < 0.04) preferred = APPLICANT_NICKNAMES[p.first]?.[0];
    return {
      studentNumber: this.studentNumber(),
      oen: rng() < 0.93 ? this.oen() : undefined,
      firstName: p.first,
      middleNames: p.middle,
      lastName: p.last,
      preferredFirstName: preferred,
      previousLastNames: previous,
      birthDate: p.birthDate,
      gender: p.gender,
      schoolBsid: school,
      dateLastAttended: `${graduation}-06`,
    };
  }
}

const KEYBOARD_NEIGHBOURS: Record<string, string> = {
  a: 'sqz',
  b: 'vn',
  c: 'xv',
  d: 'sf',
  e: 'wr',
  f: 'dg',
  g: 'fh',
  h: 'gj',
  i: 'uo',
  j: 'hk',
  k: 'jl',
  l: 'k',
  m: 'n',
  n: 'bm',
  o: 'ip',
  p: 'o',
  q: 'wa',
  r: 'et',
  s: 'ad',
  t: 'ry',
  u: 'yi',
  v: 'cb',
  w: 'qe',
  x: 'zc',
  y: 'tu',
  z: 'xa',
};

/** One typing error: a neighbouring key, a dropped or doubled letter, or two letters swapped. */
export function typo(rng: Rng, name: string): string {
  if (name.length < 3) return name;
  const i = 1 + Math.floor(rng() * (name.length - 2));
  const c = name[i];
  const kind = Math.floor(rng() * 4);
  if (kind === 0) {
    const options = KEYBOARD_NEIGHBOURS[c.toLowerCase()];
    if (!options) return name.slice(0, i) + name.slice(i + 1);
    return name.slice(0, i) + pick(rng, options.split('')) + name.slice(i + 1);
  }
  if (kind === 1) return name.slice(0, i) + name.slice(i + 1);
  if (kind === 2) return name.slice(0, i) + c + name.slice(i);
  return name.slice(0, i - 1) + name[i] + name[i - 1] + name.slice(i + 1);
}

function stripAccents(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[Đđ]/g, (d) => (d === 'Đ' ? 'D' : 'd'));
}

function oneDigitDate(rng: Rng, date: string): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const p = pick(rng, [3, 6, 8, 9]);
    const d = String(Math.floor(rng() * 10));
    const candidate = date.slice(0, p) + d + date.slice(p + 1);
    const t = Date.parse(candidate + 'T00:00:00Z');
    if (candidate !== date && !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === candidate)
      return candidate;
  }
  return date;
}

function oneDigitNumber(rng: Rng, value: string): string {
  const i = Math.floor(rng() * value.length);
  if (rng() < 0.3 && i < value.length - 1 && value[i] !== value[i + 1])
    return value.slice(0, i) + value[i + 1] + value[i] + value.slice(i + 2);
  const d = (Number(value[i]) + 1 + Math.floor(rng() * 9)) % 10;
  return value.slice(0, i) + d + value.slice(i + 1);
}

/** Builds the SIS and the labelled requests. Same options, same data. */
export function generate(options: SyntheticOptions): SyntheticData {
  const rng = seededRng(options.seed);
  const g = new Generator(rng);
  const students: SisStudent[] = [];
  /** Persons of twins whose sibling stays out of the SIS, to make hard negatives from. */
  const absentTwins: Array<{ person: Person; school: string }> = [];
  const absentSiblings: Array<{ person: Person; school: string }> = [];

  while (students.length < options.students) {
    const p = g.person();
    const s = g.student(p);
    students.push(s);
    const x = rng();
    if (x < 0.012 && students.length < options.students) {
      // Twins, both in the SIS: same surname, birth date and school, another first name.
      const twinGender = rng() < 0.5 ? p.gender : g.gender();
      let first = g.givenName(p.community, twinGender);
      if (first === p.first) first = g.givenName(p.community, twinGender);
      if (first !== p.first)
        students.push(g.student({ ...p, first, gender: twinGender, middle: undefined }, s.schoolBsid));
    } else if (x < 0.02) {
      let first = g.givenName(p.community, p.gender);
      if (first === p.first) first = g.givenName(p.community, p.gender);
      if (first !== p.first)
        absentTwins.push({ person: { ...p, first, middle: undefined }, school: s.schoolBsid ?? SCHOOLS[0] });
    } else if (x < 0.1 && students.length < options.students) {
      // A brother or sister a few years apart at the same school.
      const gender = g.gender();
      const born =
        Date.parse(p.birthDate) +
        (1 + Math.floor(rng() * 4)) * 365 * 86_400_000 * (rng() < 0.5 ? -1 : 1) +
        Math.floor(rng() * 200) * 86_400_000;
      const sibling: Person = {
        ...p,
        first: g.givenName(p.community, gender),
        gender,
        middle: undefined,
        birthDate: new Date(born).toISOString().slice(0, 10),
      };
      if (sibling.first !== p.first) {
        if (rng() < 0.6) students.push(g.student(sibling, s.schoolBsid));
        else absentSiblings.push({ person: sibling, school: s.schoolBsid ?? SCHOOLS[0] });
      }
    }
  }

  const requests: LabelledRequest[] = [];
  let sequence = 0;
  const reference = () => `H20250301${String(++sequence).padStart(6, '0')}`;

  const fromStudent = (s: SisStudent): LabelledRequest => {
    const kinds: string[] = [];
    const hasMiddle = !!s.middleNames;
    let first = s.firstName;
    let last = s.lastName;
    let previous: string | undefined;
    let birthDate = s.birthDate;
    let oen = s.oen && rng() < 0.78 ? s.oen : undefined;
    let studentNumber = rng() < 0.3 ? s.studentNumber : undefined;
    let school = rng() < 0.9 ? s.schoolBsid : undefined;

    if (s.preferredFirstName && rng() < 0.6) {
      first = s.preferredFirstName;
      kinds.push('preferred');
    }
    const nick = APPLICANT_NICKNAMES[s.firstName];
    if (first === s.firstName && nick && rng() < 0.12) {
      first = pick(rng, nick);
      kinds.push('nickname');
    }
    if (first === s.firstName && hasMiddle && rng() < 0.025) {
      first = s.middleNames!;
      kinds.push('middle_as_first');
    }
    if (first === s.firstName && hasMiddle && rng() < 0.03) {
      first = `${s.firstName} ${s.middleNames}`;
      kinds.push('full_given_names');
    }
    if (rng() < 0.04) {
      first = typo(rng, first);
      kinds.push('first_typo');
    }
    if (rng() < 0.04) {
      last = typo(rng, last);
      kinds.push('last_typo');
    }
    if (stripAccents(first + last) !== first + last && rng() < 0.6) {
      first = stripAccents(first);
      last = stripAccents(last);
      kinds.push('accents_dropped');
    }
    if (/[- ]/.test(s.lastName) && rng() < 0.5) {
      const parts = s.lastName.split(/[- ]/).filter((w) => w.length > 2);
      last = rng() < 0.5 && parts.length > 0 ? pick(rng, parts) : s.lastName.replace(/-/g, ' ');
      kinds.push('partial_or_unhyphenated_surname');
    }
    if (s.previousLastNames.length > 0 && rng() < 0.5) {
      last = s.previousLastNames[0];
      kinds.push('former_surname_typed');
    }
    if (rng() < 0.02) {
      // Married since leaving school: new surname, the school-time one given as previous.
      previous = last;
      last = g.surname(g.community(), s.gender ?? 'F');
      kinds.push('married_with_previous');
    }
    if (rng() < 0.012) {
      [first, last] = [last, first];
      kinds.push('names_swapped');
    }

    const d = rng();
    if (
      d < 0.015 &&
      Number(birthDate.slice(8, 10)) <= 12 &&
      birthDate.slice(5, 7) !== birthDate.slice(8, 10)
    ) {
      birthDate = `${birthDate.slice(0, 4)}-${birthDate.slice(8, 10)}-${birthDate.slice(5, 7)}`;
      kinds.push('dob_day_month_swap');
    } else if (d < 0.03) {
      birthDate = oneDigitDate(rng, birthDate);
      kinds.push('dob_one_digit');
    } else if (d < 0.035) {
      birthDate = `${Number(birthDate.slice(0, 4)) + (rng() < 0.5 ? 1 : -1)}${birthDate.slice(4)}`;
      kinds.push('dob_one_year');
    }

    if (oen && rng() < 0.04) {
      oen = oneDigitNumber(rng, oen);
      kinds.push('oen_mistyped');
    }
    if (studentNumber && rng() < 0.05) {
      studentNumber = oneDigitNumber(rng, studentNumber);
      kinds.push('student_number_mistyped');
    }
    if (school && rng() < 0.08) {
      school = pick(
        rng,
        SCHOOLS.filter((x) => x !== s.schoolBsid),
      );
      kinds.push('other_school_of_board');
    }
    if (!oen) kinds.push('no_oen');
    if (kinds.length === 0) kinds.push('clean');
    return {
      request: {
        referenceNumber: reference(),
        oen,
        studentNumber,
        firstName: first,
        lastName: last,
        previousLastName: previous,
        birthDate,
        gender: rng() < 0.8 ? s.gender : undefined,
        schoolBsid: school,
        dateLastAttended: rng() < 0.5 ? s.dateLastAttended : undefined,
      },
      truth: s.studentNumber,
      kinds,
    };
  };

  const fromAbsent = (p: Person, school: string | undefined, kind: string): LabelledRequest => ({
    request: {
      referenceNumber: reference(),
      oen: rng() < 0.7 ? g.oen() : undefined,
      firstName: p.first,
      lastName: p.last,
      birthDate: p.birthDate,
      gender: rng() < 0.8 ? p.gender : undefined,
      schoolBsid: school,
      dateLastAttended: rng() < 0.5 ? `${Number(p.birthDate.slice(0, 4)) + 18}-06` : undefined,
    },
    truth: undefined,
    kinds: [kind],
  });

  for (let i = 0; i < options.requests; i++) {
    const x = rng();
    if (x < 0.84) {
      requests.push(fromStudent(students[Math.floor(rng() * students.length)]));
    } else if (x < 0.88) {
      // Someone who never attended the board.
      requests.push(fromAbsent(g.person(), rng() < 0.5 ? pick(rng, SCHOOLS) : undefined, 'not_in_sis'));
    } else if (x < 0.92 && absentTwins.length > 0) {
      const t = absentTwins[Math.floor(rng() * absentTwins.length)];
      requests.push(fromAbsent(t.person, t.school, 'twin_absent'));
    } else if (x < 0.96) {
      // A namesake: same first and last name as a student, another birth date.
      const s = students[Math.floor(rng() * students.length)];
      const p: Person = {
        first: s.firstName,
        last: s.lastName,
        gender: s.gender ?? 'F',
        birthDate: g.birthDate(),
        community: COMMUNITIES[0],
      };
      if (p.birthDate === s.birthDate) p.birthDate = g.birthDate();
      requests.push(fromAbsent(p, rng() < 0.3 ? s.schoolBsid : pick(rng, SCHOOLS), 'namesake_other_dob'));
    } else if (absentSiblings.length > 0) {
      const t = absentSiblings[Math.floor(rng() * absentSiblings.length)];
      requests.push(fromAbsent(t.person, t.school, 'sibling_absent'));
    } else {
      requests.push(fromAbsent(g.person(), undefined, 'not_in_sis'));
    }
  }
  return { students, requests };
}

const STUDENT_COLUMNS = [
  'student_number',
  'oen',
  'first_name',
  'middle_names',
  'last_name',
  'preferred_first_name',
  'previous_last_names',
  'birth_date',
  'gender',
  'school_bsid',
  'date_last_attended',
  'ossd_date',
];
const REQUEST_COLUMNS = [
  'reference_number',
  'application_number',
  'account_number',
  'request_type',
  'requested_at',
  'oen',
  'student_number',
  'first_name',
  'last_name',
  'previous_last_name',
  'birth_date',
  'gender',
  'school_bsid',
  'date_last_attended',
];

function cell(value: string | undefined): string {
  const v = value ?? '';
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function studentsCsv(students: SisStudent[]): string {
  const lines = [STUDENT_COLUMNS.join(',')];
  for (const s of students) {
    lines.push(
      [
        s.studentNumber,
        s.oen,
        s.firstName,
        s.middleNames,
        s.lastName,
        s.preferredFirstName,
        s.previousLastNames.join(';'),
        s.birthDate,
        s.gender,
        s.schoolBsid,
        s.dateLastAttended,
        s.ossdDate,
      ]
        .map(cell)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export function requestsCsv(requests: LabelledRequest[]): string {
  const lines = [REQUEST_COLUMNS.join(',')];
  for (const { request: r } of requests) {
    lines.push(
      [
        r.referenceNumber,
        '',
        '',
        'ORIGINAL',
        '2025-03-01',
        r.oen,
        r.studentNumber,
        r.firstName,
        r.lastName,
        r.previousLastName,
        r.birthDate,
        r.gender,
        r.schoolBsid,
        r.dateLastAttended,
      ]
        .map(cell)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}
