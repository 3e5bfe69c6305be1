/**
 * Arabic (Levantine, Iraqi, Egyptian, Maghrebi), Somali and Persian names. Somali surnames are a
 * grandfather's given name and the middle name a father's, so given names and surnames share one pool.
 */
import { rankedList } from '../random.js';

export const arabic = {
  surnames: rankedList(`Hassan, Ibrahim, Ahmed, Mohamed, Ali, Haddad, Khoury, Hamdan, Saleh, Mansour,
    Nasser, Youssef, Abdallah, Khalil, Awad, Darwish, El-Sayed, Farah, Jaber, Zaher, Said, Aziz, Habib,
    Karam, Najjar, Hijazi, Issa, Sabbagh, Masri, Shami, Barakat, Rahman, Qasim, Othman, Saad, Fares,
    Ghanem, El Khatib, Al-Hassan, Al-Ali, Abu-Zaid, Abdel-Malek, El-Amin, Bitar, Chahine, Daher, Diab,
    Elias, Fadel, Ghosn, Hamoud, Harb, Jabbour, Kassem, Khouri, Makhoul, Moussa, Nassar, Rizk, Sleiman,
    Tannous, Yassin, Zein, Al-Rawi, Al-Jabouri, Al-Tamimi, Benali, Bouchareb, El Idrissi, Amrani,
    Benjelloun, Chraibi`),
  tail: {
    prefixes: `Abd, Abu, Al-, Ba, Bou, El-, Ha, Ja, Ka, Kha, Ma, Na, Qa, Ra, Sa, Sha, Ta, Za`,
    suffixes: `dallah, hmoud, jjar, kkour, lhoub, mdan, ndour, rakat, ssab, tayeh, wadi, zzouk, hal, rbi`,
  },
  given: {
    M: rankedList(
      `Mohammed, Ahmad, Omar, Ali, Youssef, Khaled, Hassan, Karim, Adam, Rami, Sami, Fadi,
      Tarek, Ziad, Ibrahim, Mahmoud, Mustafa, Hussein, Ayman, Bassam, Hadi, Hamza, Jad, Jamal, Majd,
      Nabil, Osama, Rayan, Samer, Waleed, Yasser, Zaid, Amir, Anas, Bilal, Elias, Georges, Joseph, Karam,
      Marwan`,
      0.75,
    ),
    F: rankedList(
      `Fatima, Mariam, Sara, Lina, Rania, Yasmine, Layla, Hala, Dalia, Rana, Reem, Aya,
      Salma, Noor, Hiba, Zeinab, Nour, Amal, Dana, Farah, Ghada, Hanan, Jana, Lara, Maya, Nadia, Rima,
      Sahar, Samar, Yara, Zahra, Aisha, Amira, Heba, Leen, Lujain, Malak, Maysa, Rasha, Suha`,
      0.75,
    ),
  },
};

export const somali = {
  /** Men's given names, also the pool of surnames and middle (father's) names. */
  men: rankedList(`Mohamed, Ahmed, Ali, Abdi, Hassan, Omar, Hussein, Yusuf, Farah, Abdullahi, Ismail,
    Warsame, Jama, Osman, Nur, Aden, Said, Hersi, Duale, Mohamud, Abdirahman, Guled, Elmi, Dahir,
    Shire, Hirsi, Abdille, Warfa, Barre, Ibrahim, Isse, Samatar, Abdikarim, Mustafe, Hamza, Abdiaziz,
    Khadar, Mahad, Bashir, Yasin, Abdirizak, Abdiqani, Liban, Faisal, Jibril, Awil, Roble, Gedi, Egal,
    Musse, Hashi, Aweys, Sheikh, Adan, Bile, Deeq, Kulmiye, Libaan, Sakariye, Cabdi`),
  women: rankedList(`Hodan, Hibo, Ayan, Fadumo, Sahra, Hawa, Amina, Ifrah, Nimco, Sagal, Sadia, Deeqa,
    Ubah, Muna, Ilhan, Asha, Halimo, Khadra, Faduma, Hamdi, Ikran, Layla, Maryan, Nasra, Najma, Ruqiya,
    Safiya, Shukri, Warda, Zamzam, Hanan, Idil, Leyla, Ladan, Naima, Sumaya, Yasmin, Hinda, Anisa, Fartun`),
};

export const persian = {
  surnames: rankedList(`Ahmadi, Hosseini, Mohammadi, Rezaei, Karimi, Moradi, Hashemi, Jafari, Rahimi,
    Sadeghi, Rostami, Mousavi, Kazemi, Ghorbani, Amini, Tehrani, Shirazi, Farahani, Nazari, Akbari,
    Ebrahimi, Heidari, Abbasi, Alavi, Bagheri, Esfahani, Farhadi, Ghasemi, Habibi, Jalali, Kamali,
    Mirzaei, Najafi, Naderi, Pourmand, Rahmani, Safavi, Salehi, Soltani, Taheri, Vahidi, Yazdani,
    Zamani, Zand, Khosravi, Mahmoudi, Nikzad, Parsa, Shahbazi, Tabatabaei`),
  tail: {
    prefixes: `Amir, Bahar, Dehghan, Esmail, Farzan, Ghaffar, Hamed, Javan, Khalil, Mehr, Nour, Parvin,
      Rafi, Sepehr, Shams, Tavakol, Vafa, Zare`,
    suffixes: `i, zadeh, pour, nia, far, an, ian, abadi, khani, nejad`,
  },
  given: {
    M: rankedList(
      `Ali, Reza, Mohammad, Amir, Hossein, Arash, Babak, Kian, Parsa, Arian, Mehdi, Hamid,
      Saeed, Navid, Pouya, Sina, Farhad, Kourosh, Dariush, Omid, Shahin, Behnam, Payam, Ramin, Soroush,
      Aryan, Danial, Mani, Nima, Shayan`,
      0.75,
    ),
    F: rankedList(
      `Maryam, Sara, Negar, Shirin, Parisa, Niloufar, Yasaman, Mahsa, Roya, Ladan, Azadeh,
      Bahar, Donya, Elham, Fereshteh, Golnaz, Hasti, Leila, Mahnaz, Mina, Nazanin, Pegah, Samira, Setareh,
      Shadi, Shiva, Tara, Yalda, Ava, Baran`,
      0.75,
    ),
  },
};

/** Surnames common in First Nations communities of northern and central Ontario. */
export const firstNations = {
  surnames: rankedList(`Kakegamic, Meekis, Fiddler, Sainnawap, Beardy, Rae, Kenny, Moonias, Nakogee,
    Mamakwa, Sutherland, Linklater, Wesley, Achneepineskum, Quachegan, Nanokeesic, Sakanee, Anderson,
    Hunter, Kitchekeesik, Sugarhead, Turtle, Kwandibens, Mckay, Morris, Keeash, Spence, Bunting,
    Manitowabi, Nahwegahbow, Pheasant, Corbiere, Trudeau, Jacobs, Hill, General, Thomas, Martin,
    Jamieson, Monague, Whetung, Loft, Bomberry, Longboat, Staats, Sandy, Maracle, Brant, Doxtator,
    Antone, Cornelius, Elijah`),
};
