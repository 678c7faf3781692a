/**
 * English function words, plus words people wrap questions in ("tell me", "how many"), chat filler
 * ("tbh", "idk") and words that describe every passage of a news corpus ("report", "article").
 * None of them says which paragraph answers, and dropping them keeps posting lists short.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between
  both but by can cannot could did do does doing down during each few for from further had has have having he her
  here hers herself him himself his how i if in into is it its itself just let me more most my myself no nor not now
  of off on once only or other ought our ours ourselves out over own same she should so some such than that the their
  theirs them themselves then us there these they this those through to too under until up very was we were what when
  where which while who whom why will with would you your yours yourself yourselves
  arent cant couldnt didnt doesnt dont hadnt hasnt havent isnt mustnt shouldnt wasnt werent wont wouldnt
  im ive id youre youve theyre theyve weve hes shes its lets thats theres whats whos hows wheres
  tell know please anyone anything something info information thing things
  many much ever get got give show explain describe happen happened happening
  report reports reported reporting reportedly article articles news say says said
  tho gonna wanna gotta kinda sorta tbh imo imho idk iirc afaik btw fyi lol lmao omg ngl smh wtf wth ffs ikr`
    .split(/\s+/)
    .filter(Boolean),
);
