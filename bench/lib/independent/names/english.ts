/**
 * English, Scottish, Irish, Welsh and Caribbean names as found in Ontario, and the mainstream given
 * names of children born in Ontario by era (every origin's Canadian-born children take some of them).
 * Lists are ranked most frequent first; weights follow the rank (see rankedList).
 */
import { rankedList } from '../random.js';

export const englishSurnames = rankedList(
  `
Smith, Brown, Wilson, Taylor, Campbell, MacDonald, Anderson, Thompson, Johnson, Jones, Williams, Martin,
Stewart, Scott, Clark, White, Robinson, Young, Walker, Wright, Mitchell, Miller, Ross, Murray, Moore,
Fraser, Graham, Thomson, Hill, Reid, Kelly, Morrison, Hall, Murphy, Ryan, Hamilton, Cameron, Clarke,
Allen, Wood, Bell, Green, King, Lewis, Davis, Evans, Jackson, Roberts, Baker, Harris, Gordon, Kennedy,
Sullivan, Walsh, Morris, Cook, Ward, Turner, Watson, Hughes, Edwards, Cooper, Gray, Hunter, Kerr,
Henderson, Patterson, Johnston, Sutherland, Ferguson, Armstrong, Russell, Davidson, Marshall, McLean,
Simpson, Collins, Bennett, Parker, Phillips, Murdoch, Fitzgerald, O'Brien, O'Neill, Doyle, Lynch,
Quinn, McCarthy, Brennan, Burke, Gallagher, Byrne, Kavanagh, Fleming, Mackenzie, MacKay, McKenzie,
Grant, Munro, Matheson, Ritchie, Sinclair, Robertson, Jamieson, Paterson, Watt, Duncan, Hay, Lawson,
Bailey, Carter, Price, Wallace, Shaw, Chapman, Ellis, Powell, Webb, Rogers, Stevens, Dixon, Lloyd,
Knight, Mason, Palmer, Holmes, Barnes, Fisher, Harvey, Spencer, Lawrence, Butler, Foster, Pearson,
Fox, Gibson, Hunt, Hart, Rose, Porter, Dunn, Crawford, Black, Burns, Boyd, Little, Bowman, Tucker,
Cunningham, Fowler, Gardner, Hayes, Hawkins, Jenkins, Kent, Lamb, Mills, Nash, Newman, Page, Payne,
Pratt, Reynolds, Riley, Saunders, Sharp, Stone, Todd, Vaughan, Wade, Warren, West, Wheeler, Whyte,
Chambers, Bishop, Barker, Cole, Day, Dean, Elliott, Ford, Gill, Griffin, Hopkins, Howard, Hudson,
Kirk, Lane, Long, Marsh, McIntyre, McKay, MacLeod, McLeod, McNeil, MacNeil, McGregor, MacPherson,
Chisholm, Cormier, Drummond, Dunbar, Forsyth, Gillespie, Guthrie, Innes, Irvine, Laing, Lindsay,
Logan, Lockhart, Maxwell, McAllister, McBride, McCabe, McCormick, McDougall, McFadden, McGill, McGrath,
McHugh, McInnis, McKinnon, McLaughlin, McMahon, McManus, McMillan, McNally, McPhail, Moffat, Nicholson,
Ogilvie, Pollock, Rankin, Rennie, Sampson, Skinner, Sloan, Strachan, Tait, Urquhart, Wylie, Yule,
Atkinson, Barrett, Bradley, Brooks, Bryant, Burton, Carr, Coleman, Connolly, Curtis, Dawson, Doherty,
Donnelly, Dunlop, Farrell, Flynn, Gibbons, Hanlon, Hogan, Holland, Keane, Kearney, Kenny, Lambert,
Malone, Moran, Nolan, O'Connor, O'Donnell, O'Keefe, O'Reilly, Power, Regan, Rooney, Shea, Sheridan,
Tierney, Whelan, Callaghan, Campbell-Reid, Grey, Bowen, Griffiths, Jenkinson, Llewellyn, Morgan,
Owens, Powell, Pritchard, Rees, Vaughn, Beckford, Bailey-Smith, Bartley, Blackwood, Campbell-Brown,
Clarke-Williams, Forbes, Gayle, Grant-Morris, Henry, Lindo, Morgan-Brown, Powell-Jones, Reid-Campbell,
Sinclair-Smith, Stephenson, Thompson-Reid, Walters, Whyte-Williams, Wint, Ashby, Blackburn, Brant,
Chalmers, Daley, Eldridge, Fairbairn, Goodwin, Hargreaves, Ingram, Jarvis, Kimball, Langley, Marlow,
Norris, Osborne, Pennington, Radcliffe, Rowe, Seymour, Thornton, Underwood, Vance, Whitfield, Yates
`,
  0.6,
);

/** Rare English-looking surnames: most people carry a name few others share. */
export const englishSurnameTail = {
  prefixes: `Ash, Black, Brad, Brook, Bur, Cal, Chad, Cold, Cran, Dal, Dun, East, Elm, Fair, Farn,
    Ford, Glad, Gold, Grant, Green, Hal, Har, Hart, Hay, Hazel, High, Holt, Hol, Kings, Lang, Lind,
    Lock, Mar, Mel, Mid, Mill, Moor, New, North, Oak, Pem, Ray, Red, Rich, Ridge, Rock, Ros, Rut,
    Sal, Sand, Sher, Shel, Stan, Stock, Strat, Sum, Thorn, Tre, Wal, War, Wat, Wel, Wen, West, Whit,
    Wil, Win, Wood, Wor, Yar`,
  infixes: `, , , , , er, en, el, s`,
  suffixes: `ford, ley, ton, well, wood, field, by, worth, stead, brook, combe, ham, more, ridge, den,
    bury, dale, gate, holm, hurst, land, low, mer, shaw, stone, thwaite, wick, win, cott, bridge, ton,
    ley, man, son, er, ett, ock, ing`,
};

export const englishGivenEarly = {
  M: rankedList(
    `Michael, David, John, Robert, James, Mark, Paul, Steven, Richard, Christopher, Brian,
    Kevin, Jeffrey, Daniel, Scott, William, Thomas, Peter, Gregory, Timothy, Andrew, Douglas, Kenneth,
    Gary, Stephen, Ronald, Donald, Jason, Darren, Shawn, Todd, Trevor, Craig, Glenn, Wayne, Dean, Randy,
    Terry, Dale, Brent, Derek, Keith, Bruce, Gordon, Ian, Dennis, Patrick, Anthony, Joseph, Edward, Sean,
    Brad, Barry, Philip, Colin, Neil, Martin, Jamie, Troy, Chad, Marc, Allan, Alan, Stuart, Lorne, Murray,
    Blair, Cameron, Grant, Ryan, Matthew, Larry, Gerald, Roger, Russell, Frank, Raymond, Charles, George,
    Garry, Rodney, Clayton, Kirk, Lance, Warren, Brett, Jeffery, Rick, Doug, Leonard, Vincent, Curtis`,
    0.75,
  ),
  F: rankedList(
    `Jennifer, Lisa, Michelle, Susan, Karen, Kimberly, Laura, Julie, Sandra, Nancy, Elizabeth,
    Patricia, Linda, Deborah, Tracy, Cheryl, Donna, Kelly, Lori, Catherine, Christine, Heather, Shannon,
    Tammy, Dawn, Wendy, Diane, Angela, Carol, Barbara, Mary, Margaret, Sharon, Brenda, Joanne, Leslie,
    Janet, Anne, Jacqueline, Theresa, Colleen, Sherry, Kathleen, Teresa, Denise, Maureen, Pamela, Rhonda,
    Sheila, Tina, Lynn, Andrea, Carolyn, Melanie, Jill, Sarah, Stephanie, Amanda, Nicole, Melissa, Kristen,
    Krista, Tanya, Natalie, Erin, Allison, Rebecca, Jodi, Trina, Shelley, Carrie, Monica, Paula, Lorraine,
    Gail, Debbie, Cindy, Tracey, Valerie, Beverley, Elaine, Judy, Joan, Marilyn, Kathryn, Kim, Roberta,
    Darlene, Holly, Sonia, Yvonne, Bonnie, Vicki, Penny`,
    0.75,
  ),
};

export const englishGivenMiddle = {
  M: rankedList(
    `Michael, Matthew, Christopher, Ryan, Andrew, Kevin, Justin, David, Daniel, James,
    Jonathan, Jason, Joshua, Adam, Mark, Steven, Robert, Brandon, Tyler, Nicholas, Kyle, Eric, Jeffrey,
    Brian, Patrick, Sean, Scott, Jordan, Thomas, Anthony, Alexander, Joseph, Benjamin, John, William,
    Richard, Cody, Dustin, Travis, Derek, Shane, Jeremy, Stephen, Dylan, Zachary, Cameron, Jesse, Aaron,
    Bradley, Craig, Trevor, Curtis, Mitchell, Colin, Evan, Corey, Nathan, Spencer, Brett, Darren, Graham,
    Kristopher, Jamie, Kenneth, Samuel, Taylor, Logan, Connor, Alex, Sheldon, Garrett, Devon, Marcus,
    Andre, Dwayne, Jermaine, Omar, Kareem, Tyrone, Jamal, Riley, Blake, Chad, Philip, Jared, Brent,
    Shawn, Timothy, Gregory, Keith, Lucas`,
    0.75,
  ),
  F: rankedList(
    `Jessica, Ashley, Sarah, Amanda, Jennifer, Stephanie, Melissa, Nicole, Emily, Samantha,
    Lauren, Megan, Rachel, Amy, Laura, Kelly, Rebecca, Danielle, Katherine, Kimberly, Michelle, Kristen,
    Christina, Heather, Erin, Andrea, Lindsay, Courtney, Brittany, Chelsea, Alyssa, Vanessa, Natalie,
    Victoria, Kayla, Alexandra, Caitlin, Jenna, Hannah, Meghan, Jillian, Kristina, Allison, Shannon, Julie,
    Lisa, Tiffany, Crystal, Holly, Tara, Krystal, Leah, Jacqueline, Cassandra, Kathryn, Erica, Brianne,
    Katelyn, Shawna, Robyn, Jaclyn, Brooke, Taylor, Morgan, Jordan, Sabrina, Paige, Natasha, Sheena,
    Kristy, Keisha, Tanisha, Shanice, Latoya, Monique, Candice, Chantelle, Whitney, Kaitlin, Sara,
    Kathleen, Amber, Carly, Jamie, Stacey, Jodie, Lindsey, Mallory, Ashleigh, Kendra`,
    0.75,
  ),
};

export const englishGivenLate = {
  M: rankedList(
    `Liam, Noah, Ethan, Lucas, Benjamin, William, Jacob, Owen, Logan, Nathan, Alexander,
    Matthew, Jack, Daniel, Samuel, Ryan, Dylan, James, Joshua, Tyler, Jayden, Aiden, Mason, Carter,
    Hunter, Connor, Evan, Gabriel, Isaac, Elijah, Caleb, Adam, Nicholas, Michael, Andrew, Cole, Brayden,
    Austin, Christopher, Thomas, Zachary, Jordan, Joseph, Oliver, Henry, Leo, Luke, Hudson, Levi, Wyatt,
    Sebastian, Xavier, Jaxon, Kai, Jonah, Declan, Eli, Theo, Rowan, Mateo, Julian, Max, Aaron, Jake,
    Justin, Brandon, Kyle, Cameron, Eric, Kevin, Jason, David, John, Anthony, Marcus, Malik, Darnell,
    Andre, Jamal, Tristan, Colton, Landon, Brody, Easton, Nolan, Parker, Grayson, Bentley, Jace, Ayden,
    Aidan, Kayden, Jaden, Jayce, Ezra, Miles, Bennett, Chase, Griffin, Rhys, Callum, Finn, Jeremiah,
    Josiah, Isaiah, Micah, Desmond, Tobias, Emmett, Everett`,
    0.8,
  ),
  F: rankedList(
    `Emma, Olivia, Ava, Sophia, Emily, Isabella, Chloe, Abigail, Hannah, Madison, Charlotte,
    Ella, Lily, Grace, Avery, Amelia, Mia, Sarah, Victoria, Leah, Zoe, Brooklyn, Maya, Claire, Sophie,
    Jessica, Samantha, Taylor, Alyssa, Kayla, Megan, Lauren, Rachel, Julia, Natalie, Paige, Morgan,
    Brooke, Alexis, Sydney, Isabelle, Abby, Nora, Scarlett, Evelyn, Harper, Aria, Hailey, Addison, Layla,
    Stella, Audrey, Aubrey, Peyton, Kaitlyn, Jasmine, Nevaeh, Aaliyah, Jada, Destiny, Trinity, Keira,
    Kennedy, Madeline, Anna, Ellie, Eva, Clara, Violet, Hazel, Nova, Willow, Riley, Jordyn, Rebecca,
    Allison, Haley, Makayla, Mackenzie, Brianna, Gabrielle, Katie, Jenna, Hayley, Kylie, Ashley, Amy,
    Quinn, Penelope, Eleanor, Lucy, Alice, Rose, Naomi, Ruby, Ivy, Georgia, Tessa, Sienna, Serenity,
    Imani, Kiara, Jayda, Amara, Zara`,
    0.8,
  ),
};
