/** Franco-Ontarian, Québécois, Acadian and Haitian names; accents as families write them. */
import { rankedList } from '../random.js';

export const frenchSurnames = rankedList(`
Tremblay, Gagnon, Roy, Côté, Bouchard, Gauthier, Morin, Lavoie, Fortin, Gagné, Ouellet, Pelletier,
Bélanger, Lévesque, Bergeron, Leblanc, Paquette, Girard, Simard, Boucher, Caron, Beaulieu, Cloutier,
Dubé, Poirier, Fournier, Lapointe, Leclerc, Lefebvre, Poulin, Thibault, St-Pierre, Nadeau, Martin,
Landry, Martel, Bédard, Grenier, Lessard, Bernier, Richard, Michaud, Hébert, Desjardins, Couture,
Turcotte, Lachance, Parent, Blais, Gosselin, Savard, Proulx, Beaudoin, Demers, Perreault, Boudreau,
Lemieux, Cyr, Perron, Dufour, Dion, Mercier, Bolduc, Bérubé, Boisvert, Langlois, Ménard, Laplante,
Thériault, Charbonneau, Rousseau, Duchesne, Vaillancourt, Séguin, Lalonde, Charron, Brisebois,
Laframboise, Chartrand, Larocque, Lacroix, Lafleur, Lamoureux, Lapierre, Larivière, Leduc, Legault,
Lemay, Lepage, Marchand, Mathieu, Ouimet, Pilon, Racine, Rivest, Sauvé, Sabourin, Villeneuve, Bisson,
Brunet, Carrière, Chénier, Desrochers, Ducharme, Forget, Gratton, Lavigne, Massé, Pagé, Quesnel,
Rochon, Trottier, Valiquette, Aubin, Bastien, Beauchamp, Bourque, Brassard, Champagne, Cousineau,
D'Aoust, Deschamps, Dupuis, Giroux, Guindon, Joanisse, Labelle, Lacasse, Lanthier, Leroux, Major,
Paquin, Plante, Robillard, Rochefort, St-Jean, St-Onge, Ste-Marie, Thibodeau, Vézina, Beauregard,
Bélisle, Cardinal, Desormeaux, Gervais, Jolicoeur, Lajoie, Lamarche, Leclair, Léger, Paradis,
Pharand, Rainville, Séguin-Lalonde, Bourgeois, Doiron, Gallant, Arsenault, Cormier, Després,
Jean-Baptiste, Pierre-Louis, Joseph, Saint-Fleur, Dorval, Jean-Louis, Desir, Étienne, Charles,
Fleurant, Pierre, Alexis, Toussaint, Célestin, Noël
`);

export const frenchSurnameTail = {
  prefixes: `Beau, Bel, Bon, Bour, Brous, Char, Chau, Cour, Des, Dou, Du, Fon, Gar, Gau, Gre, Jou,
    La, Lan, Le, Lo, Mal, Mar, Mon, Or, Pa, Per, Pré, Quen, Ri, Ro, Sa, Sé, Ter, Tou, Val, Ver`,
  infixes: `, , , e, er, el, an, ill, ou`,
  suffixes: `champ, court, doin, fort, gné, lière, lin, mont, neau, nier, pré, quin, rais, ret, rier,
    rin, ron, sant, seau, teau, tier, ville, vert, zin`,
};

export const frenchGivenEarly = {
  M: rankedList(
    `Marc, Daniel, Michel, Pierre, Luc, André, Jean, Alain, Denis, Sylvain, Stéphane, Martin,
    Éric, François, Jacques, Robert, Serge, Guy, Claude, Richard, Mario, Normand, Yves, Gilles, Réjean,
    Jean-François, Jean-Pierre, Jean-Marc, Jean-Guy, Jean-Claude, Marc-André, Pierre-Paul, Patrice,
    Benoît, Carl, Christian, Dany, Dominic, Francis, Gaétan, Ghislain, Hugo, Jocelyn, Louis, Marcel,
    Maurice, Paul, Raymond, Roger, Sébastien, Simon, Steve, Yvan, Bernard, Réal, Gérald, Luc-André`,
    0.75,
  ),
  F: rankedList(
    `Nathalie, Isabelle, Sylvie, Julie, Chantal, Josée, Manon, Line, Johanne, Lyne, Martine,
    Nicole, Lucie, Diane, Carole, Louise, France, Francine, Ginette, Hélène, Marie-Claude, Marie-Josée,
    Anne-Marie, Marie-Hélène, Marie-France, Brigitte, Caroline, Danielle, Dominique, Geneviève, Isabel,
    Joanne, Karine, Lise, Lynda, Mélanie, Monique, Pascale, Renée, Sophie, Stéphanie, Suzanne, Valérie,
    Annie, Céline, Claudette, Denise, Josiane, Marlène, Micheline, Natacha, Solange, Sonia, Yolande`,
    0.75,
  ),
};

export const frenchGivenLate = {
  M: rankedList(
    `Alexandre, Gabriel, Samuel, William, Félix, Olivier, Thomas, Nathan, Mathieu, Maxime,
    Antoine, Zachary, Jérémie, Justin, Simon, Philippe, Étienne, Raphaël, Louis, Émile, Léo, Xavier,
    Vincent, Nicolas, Charles, Jacob, Benjamin, Guillaume, Hugo, Jonathan, Julien, Marc-Antoine,
    Jean-Philippe, Pier-Luc, Pierre-Luc, Jean-Sébastien, Jean-François, Tristan, Noah, Liam, Logan,
    Loïc, Mathis, Édouard, Elliot, Adam, Arnaud, Cédric, Dominic, Francis, Frédéric, Kevin, Lucas,
    Marc-Olivier, Maxence, Mikaël, Nathaniel, Rémi, Thierry, Victor, Wilson, Yannick, Zacharie`,
    0.8,
  ),
  F: rankedList(
    `Émilie, Camille, Gabrielle, Sarah, Léa, Chloé, Florence, Rosalie, Océane, Laurence,
    Noémie, Justine, Mégane, Maude, Élodie, Audrey, Catherine, Marie-Ève, Marie-Pier, Ariane, Amélie,
    Alexandra, Jade, Juliette, Charlotte, Alice, Béatrice, Clara, Élizabeth, Éloïse, Emma, Éva, Jasmine,
    Joanie, Josianne, Julie, Kim, Laurie, Léanne, Lily-Rose, Maélie, Mélodie, Mia, Olivia, Roxanne,
    Sabrina, Sophie, Stéphanie, Valérie, Véronique, Vanessa, Zoé, Annabelle, Anne-Sophie, Marianne,
    Mélissa, Myriam, Natasha, Raphaëlle, Sandrine, Virginie, Kassandra, Naomie, Maïka`,
    0.8,
  ),
};
