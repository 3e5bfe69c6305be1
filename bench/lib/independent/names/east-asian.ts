/**
 * Chinese (Cantonese and Mandarin romanisations), Korean, Vietnamese and Filipino names. Chinese and
 * Korean given names are built from syllables, so the set of full given names is large and
 * heavy-tailed while surnames are few and very common: the typical shape of these populations.
 * Explicit weights (`name=N`) are approximate shares in percent.
 */
import { rankedList } from '../random.js';

export const cantonese = {
  surnames: rankedList(`Wong=9, Chan=8, Lee=7, Cheung=4, Lau=3.5, Leung=3.5, Ho=3, Ng=3, Chow=2.5,
    Lam=2.5, Yip=1.5, Tse=1.3, Tang=1.3, Kwok=1.2, Fung=1.2, Mak=1, Lai=1.2, Yu=1, Siu=0.8, Tam=1,
    Chu=1, Choi=0.8, Poon=0.8, Chiu=0.8, Kwan=0.8, Ma=0.8, Hui=0.8, So=0.6, Yeung=1, Law=0.8, To=0.5,
    Tsang=0.8, Wu=0.8, Cheng=1.2, Chung=0.8, Lo=0.8, Mok=0.5, Kwong=0.6, Au=0.5, Sze=0.4, Yuen=0.6,
    Fong=0.8, Louie=0.4, Quan=0.4, Chin=0.5, Woo=0.4, Young=0.5, Hung=0.5, Pang=0.5, Tong=0.5`),
  syllables: rankedList(
    `Ka, Wai, Man, Wing, Chi, Kin, Yan, Ming, Hoi, Siu, Yuk, Mei, Kwok, Chun,
    Sze, Ho, Lok, Tsz, Pui, Suet, Hiu, Ching, Kit, Fai, Keung, Lai, Fung, Shan, Wah, Hang, Yee, Kei,
    Ting, Kwan, Sum, Tak, Hon, Lun, Yin, Nga, Oi, Kam, Po, Hei, Cheuk, Chung, Wun, Yiu`,
    0.7,
  ),
};

export const mandarin = {
  surnames: rankedList(`Wang=7.2, Li=7, Zhang=6.8, Liu=5.4, Chen=4.6, Yang=3.1, Huang=2.3, Zhao=2.3,
    Wu=2, Zhou=1.9, Xu=1.6, Sun=1.5, Ma=1.3, Zhu=1.2, Hu=1.1, Guo=1.1, He=1, Lin=1.5, Gao=0.9, Luo=0.9,
    Zheng=0.9, Liang=0.8, Xie=0.7, Song=0.6, Tang=0.6, Han=0.6, Feng=0.5, Deng=0.5, Cao=0.5, Peng=0.5,
    Zeng=0.5, Xiao=0.5, Tian=0.5, Dong=0.4, Pan=0.4, Yuan=0.4, Cai=0.4, Jiang=0.4, Yu=0.4, Du=0.3,
    Ye=0.3, Cheng=0.3, Wei=0.3, Su=0.3, Lu=0.3, Ding=0.3, Ren=0.3, Shen=0.3, Yao=0.3, Fang=0.2,
    Jin=0.2, Qian=0.2, Qin=0.2, Shi=0.2, Xiong=0.2, Meng=0.2, Hou=0.2, Bai=0.2, Cui=0.2, Kong=0.2`),
  syllables: rankedList(
    `Jia, Zhi, Xiao, Yu, Wei, Hao, Yi, Jun, Xin, Ming, Hui, Ying, Jing, Yan, Hong,
    Li, Chen, Zi, Hang, Ling, Tian, Rui, Qi, Xuan, Yue, Hua, Jie, Lei, Tao, Bo, Han, Wen, Kai, Yun,
    Shu, Lin, Fei, Peng, Xiang, Qian, Feng, Ran, Chang, Zhen, Mei, Lan, Ning, Le, Shan, Bin, Cheng,
    Xue, Yao, Meng, Nan, Dong, Yang, Jiang, Zhuo, Ze`,
    0.7,
  ),
};

export const korean = {
  surnames: rankedList(`Kim=21.5, Lee=14.7, Park=8.4, Choi=4.7, Jung=4.4, Kang=2.3, Cho=2.1, Yoon=2,
    Jang=2, Lim=1.7, Han=1.5, Oh=1.5, Seo=1.5, Shin=1.5, Kwon=1.4, Hwang=1.4, Ahn=1.3, Song=1.3,
    Jeon=1.1, Hong=1.1, Yoo=1.1, Ko=0.9, Moon=0.9, Yang=0.9, Son=0.9, Bae=0.8, Baek=0.7, Heo=0.6,
    Nam=0.5, Noh=0.5, Ha=0.5, Kwak=0.4, Chung=0.8, Rhee=0.3, Yi=0.3, Choe=0.2, Pak=0.2`),
  first: rankedList(
    `Min, Ji, Seo, Ha, Jun, Hyun, Soo, Eun, Young, Jae, Yeon, Woo, Jin, Hye, Sung,
    Dong, Ye, Da, Na, Yu, Si, Chae, Hee, Kyung, Sang, Joon, Seung, Do, Tae, Ju`,
    0.6,
  ),
  second: rankedList(
    `jun, woo, ho, bin, min, jin, hyun, seo, yeon, won, ah, eun, hee, young, jung,
    soo, kyung, in, hoon, sung, yoon, rin, ha, na, ji, su, wook, chan, gyu, hwan`,
    0.6,
  ),
};

export const vietnamese = {
  surnames: rankedList(`Nguyen=38, Tran=11, Le=9.5, Pham=7, Huynh=5, Hoang=3, Phan=4.5, Vu=3.9,
    Vo=3.5, Dang=2.1, Bui=2, Do=1.4, Ho=1.3, Ngo=1.3, Duong=1, Ly=0.5, Truong=1.2, Dinh=0.8, Lam=0.6,
    Mai=0.5, Ton=0.2, Ta=0.3, Luu=0.4, Chau=0.4, Quach=0.3, Trinh=0.6, Cao=0.5, Lu=0.2, La=0.3`),
  given: {
    M: rankedList(
      `Minh, Anh, Tuan, Hung, Duc, Long, Nam, Huy, Quang, Thanh, Khoa, Bao, Phuc, Trung,
      Dung, Hieu, Khanh, Son, Tam, Vinh, Hai, Tien, Dat, Thinh, Kiet, Quoc, Hoang, Loc, Tai, Nhat`,
      0.75,
    ),
    F: rankedList(
      `Linh, Anh, Trang, Huong, Thao, Mai, Lan, Ngoc, Hoa, Hanh, Thu, Nhung, Phuong, Van,
      Hang, Yen, Tram, Vy, Nhi, My, Uyen, Quynh, Thuy, Hien, Tuyet, Kim, Diem, Loan, Hue, Oanh`,
      0.75,
    ),
  },
  middles: {
    M: rankedList(`Van=40, Minh, Quoc, Duc, Thanh, Hoang, Gia, Anh, Huu, Cong`, 0.8),
    F: rankedList(`Thi=40, Ngoc, Thanh, Kim, Bao, Minh, Thu, Phuong, Hoang, My`, 0.8),
  },
};

export const filipino = {
  surnames: rankedList(`Santos, Reyes, Cruz, Bautista, Ocampo, Garcia, Mendoza, Torres, Tomas,
    Andrada, Castillo, Flores, Villanueva, Ramos, Castro, Rivera, Aquino, Navarro, Salazar, Mercado,
    dela Cruz, de Guzman, de Leon, Dizon, Manalo, Pascual, Soriano, Gonzales, Lopez, Fernandez,
    Domingo, Valdez, Gutierrez, Aguilar, Santiago, Francisco, del Rosario, Mangubat, Macaraeg,
    Tolentino, Dimaculangan, Lacson, Panganiban, Magbanua, Sarmiento, Evangelista, Ilagan, Cortez,
    Dela Paz, Delos Reyes, Javier, Lim, Tan, Sy, Co, Ong, Legaspi, Agustin, Alcantara, Bernardo`),
  tail: {
    prefixes: `Ba, Bu, Da, Di, Ga, Ka, La, Lu, Ma, Mag, Man, Pa, Pag, Pan, Sa, Si, Ta, Tu`,
    suffixes: `bayan, cayan, dalan, gasan, gulo, hinog, lang, laya, lanog, ngilan, pagal, sig, tubig, yag`,
  },
  given: {
    M: rankedList(
      `Mark, John Paul, Jerome, Christian, Angelo, Carlo, Joshua, Marvin, Jayson, Jericho,
      John Mark, Mark Anthony, Ronaldo, Rommel, Arnel, Rodel, Reynaldo, Ferdinand, Jose, Juan Miguel,
      Kristoffer, Kenneth, Lester, Aldrin, Bryan, Emmanuel, Francis, Gian, Jhon, Paolo`,
      0.8,
    ),
    F: rankedList(
      `Mary Grace, Kristine, Angelica, Jasmine, Princess, Joy, Mary Joy, Rhea, Jovelyn,
      Maricel, Aileen, Maria Cristina, Mary Ann, Jennylyn, Lovely, Analyn, Rowena, Marites, Cherry,
      Charmaine, Hazel, Janine, Jessa, Kimberly, Nicole, Patricia, Camille, Bea, Trisha, Czarina`,
      0.8,
    ),
  },
};
