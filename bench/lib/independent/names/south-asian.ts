/** Punjabi (Sikh), Hindi/Gujarati, Tamil (Sri Lankan) and Pakistani names as found in Ontario. */
import { rankedList } from '../random.js';

export const punjabi = {
  /** Family names; many households use Singh (men) and Kaur (women) as the surname instead. */
  surnames: rankedList(`Gill, Sidhu, Dhillon, Sandhu, Grewal, Brar, Virk, Bains, Dhaliwal, Johal, Mann,
    Sekhon, Toor, Bhullar, Randhawa, Cheema, Aulakh, Kang, Pannu, Chahal, Saini, Bajwa, Khaira, Hundal,
    Atwal, Basra, Parmar, Sahota, Sohal, Sran, Badesha, Boparai, Dhami, Gosal, Heer, Jhaj, Kahlon,
    Malhi, Mangat, Nagra, Padda, Purewal, Rai, Sangha, Sohi, Thind, Uppal, Walia, Benipal, Deol`),
  /** Given names; most are used by both men and women. */
  given: {
    M: rankedList(
      `Harpreet, Gurpreet, Manpreet, Jaspreet, Navjot, Amandeep, Sukhdeep, Ramandeep,
      Simranjit, Gurjit, Harjot, Navneet, Rajveer, Arshdeep, Prabhjot, Jashan, Jaskaran, Karanveer,
      Manjot, Tanveer, Parminder, Sukhwinder, Kuldeep, Balwinder, Jaswinder, Rupinder, Sandeep,
      Kulwinder, Hardeep, Baljit, Rajinder, Jagdeep, Mandeep, Gagandeep, Inderjit, Gurkirat, Armaan,
      Sahib, Ekam, Gurnoor, Jasraj, Harman, Angad, Arjun, Taranveer`,
      0.7,
    ),
    F: rankedList(
      `Harpreet, Gurpreet, Manpreet, Jaspreet, Navjot, Amandeep, Ramandeep, Simranjit,
      Navneet, Prabhjot, Jasleen, Simran, Gurleen, Harleen, Manjot, Parminder, Sukhwinder, Kuldeep,
      Jaswinder, Rupinder, Sandeep, Kulwinder, Baljit, Rajinder, Mandeep, Gagandeep, Amrit, Jasmeet,
      Navdeep, Harsimran, Sukhmani, Gurnoor, Ishmeet, Kiranjot, Anmol, Jasnoor, Sehaj, Avneet, Mehakdeep`,
      0.7,
    ),
  },
};

export const hindiGujarati = {
  surnames: rankedList(`Patel=30, Shah=8, Sharma=6, Gupta=3, Kumar=4, Desai=3, Mehta=3, Joshi=3,
    Singh=3, Verma=2, Agarwal=1.5, Bhatt=1.5, Chopra=1.2, Kapoor=1.2, Malhotra=1.2, Trivedi=1.2,
    Pandya=1, Parikh=1, Modi=1, Thakkar=1, Chauhan=1, Yadav=1, Mishra=1, Srivastava=0.8, Iyer=0.8,
    Nair=0.8, Menon=0.8, Reddy=1, Rao=1, Naidu=0.5, Pillai=0.5, Das=0.8, Bose=0.5, Chatterjee=0.5,
    Banerjee=0.5, Mukherjee=0.5, Dutta=0.5, Sethi=0.5, Arora=0.8, Bhatia=0.6, Khanna=0.6, Saxena=0.5,
    Tiwari=0.5, Dubey=0.4, Jain=1, Vyas=0.5, Amin=0.6, Dave=0.6, Solanki=0.5, Rana=0.5, D'Souza=0.6,
    Fernandes=0.4, Pinto=0.3, Mistry=0.5, Prajapati=0.5, Panchal=0.4`),
  given: {
    M: rankedList(
      `Rahul, Amit, Raj, Rohan, Arjun, Vikram, Sanjay, Ravi, Anil, Rajesh, Suresh, Nikhil,
      Karan, Aditya, Aarav, Vivaan, Dev, Krish, Ishaan, Yash, Harsh, Jay, Kunal, Manish, Neel, Parth,
      Pranav, Rishi, Sahil, Varun, Akash, Deepak, Hitesh, Mihir, Nirav, Sunil, Vijay, Vishal, Dhruv,
      Shiv`,
      0.75,
    ),
    F: rankedList(
      `Priya, Pooja, Neha, Anjali, Riya, Divya, Shreya, Kavya, Ananya, Aisha, Nisha, Sneha,
      Meera, Isha, Diya, Krisha, Aarti, Hetal, Jyoti, Kajal, Komal, Mansi, Nidhi, Payal, Rina, Rupal,
      Sapna, Sonal, Swati, Tanvi, Urvi, Vidhi, Khushi, Aanya, Saanvi, Janvi, Bhavna, Dipti, Heena, Ritu`,
      0.75,
    ),
  },
};

export const tamil = {
  /** Sri Lankan Tamil surnames are mostly a father's given name, so they are many and diverse. */
  surnames: rankedList(
    `Sivakumar, Tharmalingam, Kanagaratnam, Balasubramaniam, Selvarajah,
    Thevarajah, Arulananthan, Sivapalan, Rajaratnam, Shanmugam, Kandiah, Nadarajah, Ponnambalam,
    Sivanesan, Thambiah, Vijayakumar, Yogarajah, Kumaran, Murugesu, Paramanathan, Ratnasingham,
    Sriskandarajah, Subramaniam, Suthaharan, Thiruchelvam, Jeyakumar, Kathirgamanathan, Mahendran,
    Navaratnam, Rasiah, Sabaratnam, Sinnathamby, Sivasubramaniam, Thayaparan, Uthayakumar,
    Vigneswaran, Arumugam, Ganeshan, Jegatheesan, Kugathasan, Logeswaran, Manoharan, Nithiyananthan,
    Pathmanathan, Rajendran, Satkunarajah, Thavarajah, Varatharajah, Yoganathan, Anandarajah`,
    0.5,
  ),
  tail: {
    prefixes: `Ana, Bala, Ganes, Jeya, Kana, Kula, Loga, Maha, Nada, Nava, Pathma, Pon, Raja, Rat,
      Sel, Siva, Sri, Suntha, Tha, Thiru, Uma, Vasa, Vija, Yoga`,
    suffixes: `kumar, lingam, ratnam, rajah, nathan, palan, chandran, thasan, ananthan, kanthan,
      nesan, singham, tharan, velu`,
  },
  given: {
    M: rankedList(
      `Thanushan, Kajan, Sajeevan, Prashanth, Kirushanth, Mathusan, Thanujan, Sinthujan,
      Abinash, Kavin, Nirushan, Aravinth, Dinesh, Gobinath, Janarthanan, Keerthanan, Lavan, Mayuran,
      Nishanthan, Pirasanth, Rajeevan, Sutharsan, Thusanth, Vithushan, Yathavan, Ahilan, Ashwin,
      Harish, Kishore, Sanjay`,
      0.6,
    ),
    F: rankedList(
      `Keerthana, Sinthuja, Thanuja, Kajani, Abiramy, Dharshika, Janani, Kavitha,
      Laxshika, Mathumitha, Nivetha, Piratheepa, Rajitha, Sharmila, Thurga, Vithursha, Yalini,
      Anushya, Branavi, Harini, Kowsika, Lavanya, Mithuna, Nila, Pavithra, Sangeetha, Tharani,
      Vaishnavi, Abinaya, Archana`,
      0.6,
    ),
  },
};

export const pakistani = {
  surnames: rankedList(`Khan=14, Ahmed=8, Ali=6, Hussain=5, Malik=4, Qureshi=3, Siddiqui=3, Iqbal=3,
    Butt=2.5, Chaudhry=3, Sheikh=3, Raza=2, Shah=2.5, Akhtar=2, Mirza=2, Rehman=2, Javed=1.5, Aslam=1.5,
    Baig=1.5, Bhatti=1.5, Ansari=1.5, Hashmi=1.2, Naqvi=1.2, Rizvi=1.2, Zaidi=1.2, Abbasi=1.2,
    Awan=1.2, Farooq=1, Hameed=1, Haq=1, Kazmi=1, Latif=1, Mahmood=1.5, Masood=1, Nawaz=1, Rana=1,
    Saeed=1, Tariq=1, Usman=0.8, Waheed=0.8, Yousaf=0.8, Zaman=0.8, Anwar=0.8, Aziz=0.8, Bukhari=0.6,
    Gondal=0.5, Jamil=0.6, Kiani=0.5, Lodhi=0.5, Mughal=0.6`),
  given: {
    M: rankedList(
      `Muhammad, Ahmed, Ali, Hamza, Usman, Bilal, Hassan, Hussain, Omar, Abdullah, Zain,
      Fahad, Faisal, Imran, Kamran, Saad, Talha, Umair, Waleed, Zeeshan, Adeel, Asad, Danish, Haris,
      Ibrahim, Junaid, Mustafa, Rayan, Shahzaib, Arham, Ayaan, Rehan, Sufyan, Taha, Zohaib`,
      0.75,
    ),
    F: rankedList(
      `Ayesha, Fatima, Zainab, Sana, Maryam, Hira, Amna, Mahnoor, Aiman, Alishba, Anum,
      Areeba, Eman, Hafsa, Iqra, Javeria, Khadija, Laiba, Mehwish, Noor, Rabia, Saba, Sadia, Samina,
      Sidra, Sumaira, Tahira, Urooj, Zara, Zoya, Anaya, Inaya, Aleena, Hania, Minahil`,
      0.75,
    ),
  },
};
