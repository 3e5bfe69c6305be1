/**
 * Every label of the admin pages in French (the default) and English. French labels follow the guide
 * staff already know; a key missing in one language does not compile.
 */
import { frenchTypography } from '../text/typography.js';
import type { Lang } from '../domain/lang.js';

export { isLang, type Lang } from '../domain/lang.js';

const M = {
  // Shell
  product: { fr: 'SGÉRN', en: 'eTMS' },
  productLong: {
    fr: 'Système de gestion électronique des relevés de notes',
    en: 'Electronic Transcript Management System',
  },
  switchLanguage: { fr: 'English', en: 'Français' },
  skipToContent: { fr: 'Aller au contenu', en: 'Skip to content' },
  navRequests: { fr: 'Demandes', en: 'Requests' },
  navReports: { fr: 'Rapports', en: 'Reports' },
  navNotifications: { fr: 'Avis', en: 'Notifications' },
  navUsers: { fr: 'Utilisateurs', en: 'Users' },
  navSchools: { fr: 'Écoles', en: 'Schools' },
  mainNav: { fr: 'Navigation principale', en: 'Main navigation' },
  signedInAs: { fr: 'Connecté(e) :', en: 'Signed in:' },
  signOut: { fr: 'Déconnexion', en: 'Sign out' },
  schoolSelector: { fr: "Nom de l'école secondaire", en: 'Secondary school name' },
  allSchools: { fr: 'TOUTES LES ÉCOLES SECONDAIRES', en: 'ALL SECONDARY SCHOOLS' },
  select: { fr: 'Sélectionner', en: 'Select' },
  print: { fr: 'Imprimer', en: 'Print' },
  back: { fr: 'Retour', en: 'Back' },
  // Sign-in
  signInTitle: { fr: 'Connexion', en: 'Sign in' },
  username: { fr: "Nom d'utilisateur", en: 'User name' },
  password: { fr: 'Mot de passe', en: 'Password' },
  signIn: { fr: 'Connexion', en: 'Sign in' },
  caseSensitive: {
    fr: "Nota : l'information de connexion est sensible à la casse.",
    en: 'Note: sign-in information is case-sensitive.',
  },
  badCredentials: {
    fr: "Connexion refusée : le nom d'utilisateur ou le mot de passe est incorrect, ou le compte est temporairement verrouillé ou désactivé. Réessayez ou communiquez avec votre administrateur.",
    en: 'Sign-in refused: the user name or password is wrong, or the account is temporarily locked or disabled. Try again or contact your administrator.',
  },
  tooManySignIns: {
    fr: 'Trop de connexions refusées sont venues de votre adresse réseau ; réessayez dans {minutes} min ou communiquez avec votre administrateur.',
    en: 'Too many refused sign-ins came from your network address; try again in {minutes} min or contact your administrator.',
  },
  signedOut: { fr: 'Vous êtes déconnecté(e).', en: 'You are signed out.' },
  sessionExpired: {
    fr: 'Votre session a expiré ; veuillez vous reconnecter.',
    en: 'Your session has expired; please sign in again.',
  },
  expiredUploadKept: {
    fr: 'Votre session avait expiré : rien n’a été enregistré pour la demande {ref}, mais le fichier choisi a été gardé. Vérifiez-le ci-dessous et téléversez-le.',
    en: 'Your session had expired: nothing was saved for request {ref}, but the chosen file was kept. Check it below and upload it.',
  },
  expiredNothingSaved: {
    fr: 'Votre session avait expiré : rien n’a été enregistré pour la demande {ref}. Votre choix est repris ci-dessous ; soumettez-le de nouveau.',
    en: 'Your session had expired: nothing was saved for request {ref}. Your choice is shown again below; submit it again.',
  },
  parkedTitle: { fr: 'Fichier gardé pendant la reconnexion', en: 'File kept while you signed in again' },
  parkedUpload: { fr: 'Téléverser {name}', en: 'Upload {name}' },
  parkedDiscard: { fr: 'Abandonner ce fichier', en: 'Discard this file' },
  csrfRefused: {
    fr: 'Le formulaire a expiré ou ne provient pas de cette page ; rien n’a été enregistré. Rechargez la page et réessayez.',
    en: 'The form has expired or did not come from this page; nothing was saved. Reload the page and try again.',
  },
  forbidden: { fr: "Vous n'avez pas accès à cette page.", en: 'You do not have access to this page.' },
  notFound: {
    fr: 'Page ou demande introuvable (ou elle relève d’une école à laquelle vous n’avez pas accès).',
    en: 'Page or request not found (or it belongs to a school you cannot see).',
  },
  formTooLarge: {
    fr: 'Le formulaire envoyé est trop volumineux ; il n’a pas été lu et rien n’a été enregistré. Revenez à la page précédente et réessayez.',
    en: 'The form sent is too large; it was not read and nothing was saved. Go back to the previous page and try again.',
  },
  badRequest: {
    fr: 'La requête n’a pas pu être lue ; rien n’a été enregistré. Revenez à la page précédente et réessayez.',
    en: 'The request could not be read; nothing was saved. Go back to the previous page and try again.',
  },
  reasonOtherLanguage: {
    fr: '(raison consignée en anglais seulement)',
    en: '(reason recorded in French only)',
  },
  errorTitle: { fr: 'Erreur', en: 'Error' },
  serverError: {
    fr: 'Une erreur s’est produite sur le serveur ; elle a été consignée. Réessayez.',
    en: 'Something went wrong on the server; it has been logged. Try again.',
  },
  // Requests page
  requestsTitle: { fr: 'Demandes de relevé de notes', en: 'Transcript requests' },
  tabs: { fr: 'Onglets des demandes', en: 'Request tabs' },
  search: { fr: 'Recherche', en: 'Search' },
  searchResults: { fr: 'Résultats de la recherche', en: 'Search results' },
  pages: { fr: 'Pages :', en: 'Pages:' },
  first: { fr: '< Première', en: '< First' },
  previous: { fr: '< Précédente', en: '< Previous' },
  next: { fr: 'Suivante >', en: 'Next >' },
  last: { fr: 'Dernière >', en: 'Last >' },
  pagerLabel: { fr: 'Pagination', en: 'Pagination' },
  pagerSummary: {
    fr: 'Affichage de {size} éléments par page. Page {page} de {pages}, éléments {first} - {last} de {total}',
    en: 'Showing {size} items per page. Page {page} of {pages}, items {first} - {last} of {total}',
  },
  pdfPage: { fr: 'Page {n} de {count}', en: 'Page {n} of {count}' },
  badPage: {
    fr: 'Numéro de page non valide : {value}. La première page est affichée.',
    en: 'Not a valid page number: {value}. The first page is shown.',
  },
  exportTruncated: {
    fr: 'Exportation limitée aux {n} premières lignes : précisez la recherche pour obtenir les suivantes.',
    en: 'Export limited to the first {n} rows: narrow the search to get the others.',
  },
  methodAUTO: { fr: 'Auto-SGÉRN', en: 'Auto-eTMS' },
  methodMANUAL_XML: { fr: 'XML téléversé', en: 'Uploaded XML' },
  methodPDF: { fr: 'PDF téléversé', en: 'Uploaded PDF' },
  methodPAPER: { fr: 'Papier', en: 'Paper' },
  sourceAUTO: { fr: 'Auto-SGÉRN', en: 'Auto-eTMS' },
  sourceUPLOAD: { fr: 'Téléversé', en: 'Uploaded' },
  sourceSIS_PICK: { fr: 'Élève choisi (SIÉ)', en: 'Chosen student (SIS)' },
  // A language named in the page's language (« Anglais » on a French page, "French" on an English one).
  languageFr: { fr: 'Français', en: 'French' },
  languageEn: { fr: 'Anglais', en: 'English' },
  downloadTo: { fr: 'Télécharger vers :', en: 'Download to:' },
  noRows: { fr: 'Aucune demande à afficher.', en: 'No request to show.' },
  colRequestedAt: { fr: 'Date demandée', en: 'Date requested' },
  colAge: { fr: 'Âge', en: 'Age' },
  colReference: { fr: 'Numéro de référence', en: 'Reference number' },
  colName: { fr: 'Nom', en: 'Name' },
  colRequestType: { fr: 'Type de demande', en: 'Request type' },
  colSource: { fr: 'Source', en: 'Source' },
  colLastAttended: { fr: "Dernière année d'études", en: 'Last year attended' },
  colSendTiming: { fr: "Date d'envoi", en: 'Send date' },
  colStatus: { fr: 'État de la demande', en: 'Request status' },
  colUpload: { fr: 'Téléverser', en: 'Upload' },
  colAction: { fr: 'Action (aucun téléversement)', en: 'Action (no upload)' },
  colLastUpdatedBy: { fr: 'Dernière mise à jour par', en: 'Last updated by' },
  colCompletedAt: { fr: "Date d'achèvement", en: 'Completion date' },
  colReupload: { fr: 'Téléverser de nouveau', en: 'Upload again' },
  colApplicationNumber: { fr: 'Numéro de demande', en: 'Application number' },
  colAccountNumber: { fr: 'Numéro de compte', en: 'Account number' },
  colBirthDate: { fr: 'Date de naissance', en: 'Date of birth' },
  colOen: { fr: 'NISO', en: 'OEN' },
  colStudentNumber: { fr: "Numéro d'élève", en: 'Student number' },
  colGender: { fr: 'Genre', en: 'Gender' },
  colOrigin: { fr: 'Origine', en: 'Origin' },
  colDestination: { fr: 'Destination', en: 'Destination' },
  sortedAscending: { fr: 'trié en ordre croissant', en: 'sorted ascending' },
  sortedDescending: { fr: 'trié en ordre décroissant', en: 'sorted descending' },
  sortBy: { fr: 'Trier par', en: 'Sort by' },
  days: { fr: 'jours', en: 'days' },
  day: { fr: 'jour', en: 'day' },
  overdue: { fr: 'En retard', en: 'Overdue' },
  dueToday: { fr: 'échéance atteinte', en: 'deadline reached' },
  upload: { fr: 'Téléverser', en: 'Upload' },
  reupload: { fr: 'Téléverser de nouveau', en: 'Upload again' },
  noUpload: { fr: 'Aucun téléversement possible', en: 'No upload possible' },
  typeOriginal: { fr: 'Original', en: 'Original' },
  typeReissue: { fr: 'Émis de nouveau', en: 'Reissue' },
  sendNow: { fr: 'Envoyer le relevé de notes maintenant', en: 'Send transcript now' },
  sendEndOfTerm: { fr: 'Envoyer à la fin de la session', en: 'Send at the end of the term' },
  sendNowShort: { fr: 'Maintenant', en: 'Now' },
  sendEndOfTermShort: { fr: 'Fin de la session', en: 'End of term' },
  // Actions
  selectAction: { fr: '-- Sélectionner une action --', en: '-- Select an action --' },
  actionFor: { fr: 'Action pour la demande', en: 'Action for request' },
  submit: { fr: 'Soumettre', en: 'Submit' },
  cancel: { fr: 'Annuler', en: 'Cancel' },
  actionDone: {
    fr: 'La demande {ref} a été mise à jour : {status}.',
    en: 'Request {ref} was updated: {status}.',
  },
  actionMissing: {
    fr: 'Choisissez une action avant de soumettre.',
    en: 'Choose an action before submitting.',
  },
  actionRefused: {
    fr: 'Cette action n’est pas possible pour la demande {ref} dans son état actuel ; rien n’a été enregistré.',
    en: 'This action is not possible for request {ref} in its current status; nothing was saved.',
  },
  staleRequest: {
    fr: 'La demande {ref} a été modifiée par quelqu’un d’autre entre-temps ; rien n’a été enregistré. Vérifiez son état actuel et réessayez.',
    en: 'Request {ref} was changed by someone else meanwhile; nothing was saved. Check its current status and try again.',
  },
  confirmActionTitle: { fr: 'Confirmer : {action}', en: 'Confirm: {action}' },
  confirmRecipient: { fr: 'Courriel à la candidate ou au candidat', en: 'E-mail to the applicant' },
  confirmEmailTo: {
    fr: 'Un courriel sera envoyé tout de suite à {address} (en {language}).',
    en: 'An e-mail will be sent at once to {address} (in {language}).',
  },
  confirmNoEmail: {
    fr: 'Aucun courriel : la demande n’a pas d’adresse valide.',
    en: 'No e-mail: the request has no valid address.',
  },
  inFrench: { fr: 'français', en: 'French' },
  inEnglish: { fr: 'anglais', en: 'English' },
  confirmIrreversible: {
    fr: 'Cette action ne peut pas être annulée et le courriel ne peut pas être rappelé.',
    en: 'This action cannot be undone and the e-mail cannot be recalled.',
  },
  confirmGoBack: { fr: 'Non, revenir sans rien changer', en: 'No, go back without changing anything' },
  confirmDo: { fr: 'Oui, confirmer « {action} »', en: 'Yes, confirm “{action}”' },
  definitions: { fr: 'Action (aucun téléversement) – Définitions', en: 'Action (no upload) – Definitions' },
  defPaper: {
    fr: "Le relevé de notes n'est disponible qu'en format papier et est envoyé au centre de demande. La demande est déplacée vers l'onglet Terminé et la candidate ou le candidat en est informé(e).",
    en: 'The transcript is only available on paper and is sent to the application centre. The request moves to the Completed tab and the applicant is told.',
  },
  defNotFound: {
    fr: "Le dossier de l'élève n'a pas pu être localisé dans le SIÉ. La candidate ou le candidat reçoit un courriel lui demandant de communiquer avec son école ou son conseil. La demande est déplacée vers l'onglet Incomplet.",
    en: "The student's record could not be found in the SIS. The applicant receives an e-mail asking them to contact their school or board. The request moves to the Incomplete tab.",
  },
  defNoData: {
    fr: "L'élève figure dans le SIÉ, mais aucune donnée scolaire n'est disponible (préinscription, changement d'école, dossier transféré). La candidate ou le candidat reçoit un courriel l'invitant à communiquer avec l'école ou à mettre à jour son dossier.",
    en: 'The student is in the SIS but no academic data can be sent (pre-registered only, changed schools, record transferred). The applicant receives an e-mail asking them to contact the school or update their file.',
  },
  defHold: {
    fr: "La demande est en attente en raison de droits impayés dus au conseil ou à l'école. La candidate ou le candidat reçoit un courriel lui expliquant comment régler les droits. La demande est déplacée vers l'onglet Incomplet et pourra être traitée plus tard.",
    en: 'The request is on hold because of unpaid fees owed to the board or school. The applicant receives an e-mail explaining how to settle them. The request moves to the Incomplete tab and can be processed later.',
  },
  // Detail
  detailTitle: { fr: 'DEMANDE DE RELEVÉ DE NOTES - DÉTAILS', en: 'TRANSCRIPT REQUEST - DETAILS' },
  infoTitle: { fr: 'DEMANDE DE RELEVÉ DE NOTES - RENSEIGNEMENTS', en: 'TRANSCRIPT REQUEST - INFORMATION' },
  studentTitle: { fr: "RENSEIGNEMENTS SUR L'ÉLÈVE", en: 'STUDENT INFORMATION' },
  emptyHidden: {
    fr: 'Veuillez noter que les champs ne contenant aucune valeur sont masqués pour votre commodité.',
    en: 'Please note that fields with no value are hidden for your convenience.',
  },
  autoErrorBanner: {
    fr: 'La demande n’a pu être remplie de manière automatique. Veuillez la remplir manuellement. Raison :',
    en: 'The request could not be completed automatically. Please complete it manually. Reason:',
  },
  actionLegend: { fr: 'Action :', en: 'Action:' },
  provideResponse: { fr: 'Fournir une réponse', en: 'Provide a response' },
  xmlAdvice: {
    fr: "Si un relevé de notes de format XML est disponible dans votre Système d'information sur les élèves, nous vous incitons à téléverser le fichier XML. S'il vous est impossible de fournir un relevé de notes de type XML, veuillez téléverser un relevé de notes de format PDF.",
    en: 'If an XML transcript is available in your student information system, please upload the XML file. If you cannot provide an XML transcript, please upload a PDF transcript.',
  },
  fReceived: { fr: 'Date de réception', en: 'Date received' },
  fRequested: { fr: 'Date demandée (paiement)', en: 'Date requested (payment)' },
  fCurrentStatus: { fr: 'État actuel', en: 'Current status' },
  fAmount: { fr: 'Montant recueilli', en: 'Amount collected' },
  fTranscriptCount: { fr: 'Nombre de relevés de notes', en: 'Number of transcripts' },
  fSchool: { fr: 'École secondaire', en: 'Secondary school' },
  fFirstName: { fr: 'Prénom', en: 'First name' },
  fLastName: { fr: 'Nom de famille', en: 'Last name' },
  fPreviousLastName: { fr: 'Nom de famille précédent', en: 'Previous last name' },
  fEmail: { fr: 'Courriel de la candidate ou du candidat', en: "Applicant's e-mail" },
  fLanguage: { fr: 'Langue de correspondance', en: 'Correspondence language' },
  fCompletionMethod: { fr: "Mode d'achèvement", en: 'Completion method' },
  fPinned: { fr: 'Élève choisi(e)', en: 'Chosen student' },
  fPartnerTracking: {
    fr: 'Numéro de suivi du centre de demande d’admission',
    en: 'Application centre’s tracking ID',
  },
  fVersion: { fr: 'Version', en: 'Version' },
  historyTitle: { fr: 'HISTORIQUE', en: 'HISTORY' },
  hWhen: { fr: 'Date', en: 'When' },
  hWho: { fr: 'Par', en: 'By' },
  hFrom: { fr: 'De', en: 'From' },
  hTo: { fr: 'À', en: 'To' },
  hWhy: { fr: 'Raison', en: 'Reason' },
  versionsTitle: { fr: 'RELEVÉS DE NOTES', en: 'TRANSCRIPTS' },
  vVersion: { fr: 'Version', en: 'Version' },
  vFormat: { fr: 'Format', en: 'Format' },
  vSource: { fr: 'Source', en: 'Source' },
  vCreated: { fr: 'Ajouté le', en: 'Added' },
  vBy: { fr: 'Par', en: 'By' },
  vState: { fr: 'État', en: 'State' },
  vCurrent: { fr: 'Version actuelle', en: 'Current version' },
  vSuperseded: { fr: 'Remplacée', en: 'Superseded' },
  vDownload: { fr: 'Télécharger', en: 'Download' },
  candidatesTitle: { fr: 'ÉLÈVES POSSIBLES (Auto-SGÉRN)', en: 'POSSIBLE STUDENTS (Auto-eTMS)' },
  candidatesIntro: {
    fr: 'Auto-SGÉRN a trouvé ces élèves dans le SIÉ, du plus probable au moins probable. Si l’un d’eux est bien la candidate ou le candidat, choisissez-le : Auto-SGÉRN enverra alors son relevé de notes.',
    en: 'Auto-eTMS found these students in the SIS, most likely first. If one of them is the applicant, choose them: Auto-eTMS will then send their transcript.',
  },
  candidate: { fr: 'Élève possible', en: 'Possible student' },
  score: { fr: 'Pointage', en: 'Score' },
  probability: { fr: 'Probabilité', en: 'Probability' },
  probabilityHelp: {
    fr: 'Probabilité que cet élève soit la candidate ou le candidat, selon Auto-SGÉRN',
    en: 'Probability that this student is the applicant, as Auto-eTMS estimates it',
  },
  vetoes: { fr: 'Empêchements', en: 'Vetoes' },
  cField: { fr: 'Champ', en: 'Field' },
  cRequest: { fr: 'Valeur de la demande', en: 'Request value' },
  cCandidate: { fr: "Valeur de l'élève", en: 'Student value' },
  cLevel: { fr: 'Niveau de concordance', en: 'Agreement level' },
  cWeight: { fr: 'Poids', en: 'Weight' },
  chooseStudent: { fr: 'Choisir cet élève', en: 'Choose this student' },
  pickTitle: { fr: "Confirmer l'élève choisi(e)", en: 'Confirm the chosen student' },
  pickDone: {
    fr: 'Élève choisi(e) pour la demande {ref} : Auto-SGÉRN enverra son relevé de notes.',
    en: 'Student chosen for request {ref}: Auto-eTMS will send their transcript.',
  },
  noCandidate: {
    fr: 'Cet élève ne fait pas partie des élèves possibles de cette demande.',
    en: 'This student is not one of the possible students of this request.',
  },
  // Upload
  uploadTitle: {
    fr: 'Téléverser le fichier de relevé de notes (XML ou PDF)',
    en: 'Upload the transcript file (XML or PDF)',
  },
  studentName: { fr: "Nom de l'élève", en: 'Student name' },
  chooseFile: { fr: 'Sélectionner fichier :', en: 'Select file:' },
  dropHint: { fr: 'ou glissez-déposez le fichier ici', en: 'or drag and drop the file here' },
  noFile: {
    fr: 'Choisissez un fichier de relevé de notes (XML ou PDF) avant de soumettre.',
    en: 'Choose a transcript file (XML or PDF) before submitting.',
  },
  tooLarge: {
    fr: 'Le fichier dépasse la taille maximale de {mb}\u00a0Mo ; il a été refusé.',
    en: 'The file is larger than the {mb} MB limit; it was refused.',
  },
  uploadsBusyOwn: {
    fr: 'Vous envoyez déjà {n} fichiers. Attendez qu’ils soient reçus, puis envoyez celui-ci.',
    en: 'You are already sending {n} files. Wait until they have arrived, then send this one.',
  },
  uploadsBusyAll: {
    fr: 'Trop de fichiers sont en cours d’envoi en ce moment. Réessayez dans une minute.',
    en: 'Too many files are being sent right now. Try again in a minute.',
  },
  unknownFile: {
    fr: 'Ce fichier n’est ni un relevé XML ni un PDF. Choisissez le fichier XML (ou PDF) du relevé de notes.',
    en: 'This file is neither an XML transcript nor a PDF. Choose the XML (or PDF) transcript file.',
  },
  uploadNotAllowed: {
    fr: 'Un relevé de notes ne peut pas être téléversé pour la demande {ref} dans son état actuel.',
    en: 'A transcript cannot be uploaded for request {ref} in its current status.',
  },
  uploadDone: {
    fr: 'Le relevé de notes de la demande {ref} a été téléversé ; il sera transmis sous peu.',
    en: 'The transcript of request {ref} was uploaded; it will be sent shortly.',
  },
  uploadCancelled: {
    fr: 'Téléversement annulé : rien n’a été enregistré pour la demande {ref}.',
    en: 'Upload cancelled: nothing was saved for request {ref}.',
  },
  pendingExpired: {
    fr: 'Ce téléversement a expiré (30 minutes) ou a déjà été traité ; téléversez le fichier de nouveau.',
    en: 'This upload has expired (30 minutes) or was already handled; upload the file again.',
  },
  validationTitle: { fr: 'Écran de validation', en: 'Validation screen' },
  validationIntro: {
    fr: 'Les renseignements du fichier ne concordent pas avec ceux de la demande (les lignes différentes sont surlignées). Vérifiez qu’il s’agit bien de la bonne personne avant d’enregistrer.',
    en: 'The file does not agree with the request (differing rows are highlighted). Check that this is the right person before saving.',
  },
  differs: { fr: 'différent', en: 'differs' },
  missingInRequest: { fr: 'absent de la demande', en: 'missing in the request' },
  missingInFile: { fr: 'absent du fichier', en: 'missing in the file' },
  otherStudentTitle: {
    fr: 'Ce fichier semble appartenir à un autre élève',
    en: 'This file seems to belong to another student',
  },
  otherStudentText: {
    fr: 'Le nom et la date de naissance (ou le NISO) du fichier ne sont pas ceux de la demande de {name} : ce n’est probablement pas une faute de frappe. N’enregistrez ce relevé que si vous êtes certain(e) qu’il s’agit de la même personne.',
    en: 'The name and birth date (or the OEN) in the file are not those of the request of {name}: this is probably not a typo. Save this transcript only if you are sure it is the same person.',
  },
  otherStudentAck: {
    fr: 'Je confirme que ce relevé est bien celui de {name}, malgré les différences.',
    en: 'I confirm that this transcript is really that of {name}, despite the differences.',
  },
  otherStudentSave: {
    fr: 'Enregistrer quand même le relevé d’un autre élève',
    en: 'Save the transcript of another student anyway',
  },
  otherStudentUnconfirmed: {
    fr: 'Rien n’a été enregistré : cochez la confirmation pour enregistrer le relevé d’un autre élève, ou annulez et téléversez le bon fichier.',
    en: 'Nothing was saved: tick the confirmation to save another student’s transcript, or cancel and upload the right file.',
  },
  reuploadNote: {
    fr: 'Nota : si vous avez téléversé un mauvais relevé de notes, utilisez « Téléverser de nouveau » pour téléverser le bon ; la version précédente est alors retirée.',
    en: 'Note: if you uploaded the wrong transcript, use “Upload again” to upload the right one; the earlier version is then withdrawn.',
  },
  // Search
  searchTitle: { fr: 'Recherche', en: 'Search' },
  startDate: { fr: 'Date de début', en: 'Start date' },
  receivedBetween: { fr: 'Demandes reçues entre', en: 'Requests received between' },
  endDate: { fr: 'Date de fin', en: 'End date' },
  applicationNumber: { fr: 'Numéro de demande', en: 'Application number' },
  accountNumber: { fr: 'Numéro de compte', en: 'Account number' },
  referenceNumber: { fr: 'Numéro de référence', en: 'Reference number' },
  referenceOrTracking: {
    fr: 'Numéro de référence ou de suivi du centre',
    en: 'Reference number or centre’s tracking ID',
  },
  oen: { fr: 'NISO', en: 'OEN' },
  firstName: { fr: 'Prénom', en: 'First name' },
  lastName: { fr: 'Nom de famille', en: 'Last name' },
  nameSearchHint: {
    fr: 'Prénom et nom de famille : on trouve les noms dont un mot commence par le texte saisi, sans égard aux accents ni aux majuscules (« Tremblay » trouve Côté-Tremblay, « Souza » trouve D’Souza).',
    en: 'First and last name: finds the names with a word that starts with the text typed, ignoring accents and capitals (“Tremblay” finds Côté-Tremblay, “Souza” finds D’Souza).',
  },
  moreOptions: { fr: "Plus d'options de recherche", en: 'More search options' },
  lastAttendedRange: { fr: "Dernière année d'études", en: 'Last year attended' },
  to: { fr: 'À', en: 'To' },
  showStatus: { fr: 'Afficher le statut :', en: 'Show status:' },
  selectAll: { fr: 'Sélectionner tout', en: 'Select all' },
  doSearch: { fr: 'Rechercher', en: 'Search' },
  clear: { fr: 'Effacer', en: 'Clear' },
  dateHint: { fr: 'AAAA-MM-JJ', en: 'YYYY-MM-DD' },
  monthHint: { fr: 'AAAA-MM', en: 'YYYY-MM' },
  badDate: {
    fr: 'Date non valide : {value} n’est pas un jour du calendrier entre 1900 et 2099 (format AAAA-MM-JJ).',
    en: 'Not a valid date: {value} is not a calendar day between 1900 and 2099 (format YYYY-MM-DD).',
  },
  badDateRange: {
    fr: 'La date de début ({from}) est postérieure à la date de fin ({to}) : aucune demande ne peut s’y trouver. Inversez les deux dates ou corrigez-en une.',
    en: 'The start date ({from}) is after the end date ({to}): no request can fall between them. Swap the two dates or correct one of them.',
  },
  badMonthRange: {
    fr: 'Le premier mois de la dernière année d’études ({from}) est postérieur au second ({to}) : aucune demande ne peut s’y trouver. Inversez les deux mois ou corrigez-en un.',
    en: 'The first month of the last year attended ({from}) is after the second ({to}): no request can fall between them. Swap the two months or correct one of them.',
  },
  badMonth: {
    fr: 'Mois non valide : {value} n’est pas un mois entre 1900 et 2099 (format AAAA-MM).',
    en: 'Not a valid month: {value} is not a month between 1900 and 2099 (format YYYY-MM).',
  },
  // Reports
  reportsTitle: { fr: 'Rapports', en: 'Reports' },
  reportRange: {
    fr: 'Date de réception de la demande de relevé de notes',
    en: 'Date the transcript request was received',
  },
  reportSchool: { fr: "Sélectionner l'école secondaire", en: 'Select the secondary school' },
  generate: { fr: 'Générer rapports', en: 'Generate reports' },
  reportNote: {
    fr: '(Les dates réfèrent aux dates de paiement de la demande de relevés de notes par la candidate ou le candidat.)',
    en: '(Dates refer to the dates the applicant paid for the transcript request.)',
  },
  summary: { fr: 'Sommaire', en: 'Summary' },
  detailed: { fr: 'Détaillé', en: 'Detailed' },
  download: { fr: 'Télécharger', en: 'Download' },
  dateRange: { fr: 'Période : {from} au {to}', en: 'Date range: {from} to {to}' },
  totalTranscripts: { fr: 'Nombre total de relevés de notes', en: 'Total transcripts' },
  originalRequests: { fr: 'Demandes originales de relevés de notes', en: 'Original transcript requests' },
  reissueRequests: {
    fr: 'Demandes de relevés de notes émises de nouveau',
    en: 'Reissued transcript requests',
  },
  grandTotal: { fr: 'NOMBRE TOTAL DE RELEVÉS DE NOTES', en: 'TOTAL NUMBER OF TRANSCRIPTS' },
  averageProcessing: {
    fr: 'TEMPS DE TRAITEMENT MOYEN DES DEMANDES - {n} JOURS OUVRABLES',
    en: 'AVERAGE REQUEST PROCESSING TIME - {n} BUSINESS DAYS',
  },
  autoShare: {
    fr: '% des demandes de relevés de notes traitées par Auto-SGÉRN',
    en: '% of transcript requests processed by Auto-eTMS',
  },
  perSchool: {
    fr: "Total des relevés de notes par l'école secondaire",
    en: 'Total transcripts by secondary school',
  },
  weeklyChart: { fr: 'Volume hebdomadaire des demandes', en: 'Weekly request volume' },
  rPaymentDate: { fr: 'Date du paiement', en: 'Payment date' },
  rTranscriptCount: { fr: 'Nombre de relevés de notes', en: 'Number of transcripts' },
  rAmount: { fr: 'Montant recueilli', en: 'Amount collected' },
  rStudentNumber: { fr: "Numéro d'étudiant", en: 'Student number' },
  reportNeedsDates: {
    fr: 'Choisissez une date de début et une date de fin, puis « Générer rapports ».',
    en: 'Choose a start date and an end date, then “Generate reports”.',
  },
  reportBadRange: {
    fr: 'La date de fin doit suivre la date de début.',
    en: 'The end date must be after the start date.',
  },
  reportRangeTooWide: {
    fr: 'Un rapport couvre au plus 5 ans, entre le 2000/01/01 et le 2100/12/31. Choisissez une période plus courte.',
    en: 'A report covers at most 5 years, between 2000/01/01 and 2100/12/31. Choose a shorter range.',
  },
  // Notifications
  notifTitle: { fr: 'Avis sommaires – Configuration', en: 'Summary notifications – Settings' },
  notifIntro: {
    fr: "Cocher la case « Activer l'envoi d'avis sommaires » ci-dessous, afin de recevoir un avis par courriel des demandes sur le point d'être traitées. À noter que cette configuration n'affecte en rien les avis de non-traitement de demande envoyés au demandeur, lesquels sont toujours envoyés immédiatement et ne peuvent être désactivés.",
    en: 'Tick “Enable summary notifications” below to receive an e-mail about requests waiting to be processed. This setting does not affect the e-mails sent to applicants, which are always sent immediately and cannot be turned off.',
  },
  notifFor: { fr: 'Configuration pour :', en: 'Settings for:' },
  notifBoard: { fr: 'Le conseil scolaire (toutes les écoles)', en: 'The board (all schools)' },
  notifEnabled: { fr: "Activer l'envoi d'avis sommaires :", en: 'Enable summary notifications:' },
  notifAuto: {
    fr: 'Aviser des demandes de relevés de notes remplies par Auto-SGÉRN :',
    en: 'Report the transcript requests completed by Auto-eTMS:',
  },
  notifDays: { fr: 'Sélectionner un jour :', en: 'Select a day:' },
  notifHour: { fr: 'Sélectionner une heure :', en: 'Select a time:' },
  notifZone: { fr: 'Fuseau horaire :', en: 'Time zone:' },
  notifEmails: { fr: 'Courriel :', en: 'E-mail:' },
  notifEmailsHint: {
    fr: 'Séparez les adresses par un point-virgule (;).',
    en: 'Separate addresses with a semicolon (;).',
  },
  notifThresholdBefore: {
    fr: 'Aviser en cas de demandes de relevés de notes en attente de traitement pendant',
    en: 'Notify about transcript requests waiting to be processed for',
  },
  notifThresholdAfter: { fr: 'heures ouvrables ou plus', en: 'business hours or more' },
  notifEach: {
    fr: 'Aviser en cas de demandes de relevés de notes en attente de traitement',
    en: 'Notify about each transcript request waiting to be processed',
  },
  applicantContact: {
    fr: 'Coordonnées du conseil données aux candidates et candidats',
    en: 'Board contact given to applicants',
  },
  applicantContactHint: {
    fr: 'Téléphone, courriel ou page Web : chaque courriel envoyé à une candidate ou un candidat nomme l’école et le conseil, avec ces coordonnées.',
    en: 'Telephone, e-mail or web page: every e-mail to an applicant names the school and the board, with this contact.',
  },
  notifSaved: {
    fr: 'La configuration des avis a été enregistrée.',
    en: 'The notification settings were saved.',
  },
  notifHelp: {
    fr: 'Nota : les modifications ne sont enregistrées qu’une fois cliqué le bouton Soumettre. « Effacer » vide le formulaire sans rien enregistrer.',
    en: 'Note: changes are only saved when you click Submit. “Clear” empties the form without saving anything.',
  },
  sunday: { fr: 'Dimanche', en: 'Sunday' },
  monday: { fr: 'Lundi', en: 'Monday' },
  tuesday: { fr: 'Mardi', en: 'Tuesday' },
  wednesday: { fr: 'Mercredi', en: 'Wednesday' },
  thursday: { fr: 'Jeudi', en: 'Thursday' },
  friday: { fr: 'Vendredi', en: 'Friday' },
  saturday: { fr: 'Samedi', en: 'Saturday' },
  // Admin pages
  usersTitle: { fr: 'Utilisateurs', en: 'Users' },
  schoolsTitle: { fr: 'Écoles secondaires', en: 'Secondary schools' },
  displayName: { fr: 'Nom affiché', en: 'Display name' },
  email: { fr: 'Courriel', en: 'E-mail' },
  role: { fr: 'Rôle', en: 'Role' },
  roleSCHOOL: { fr: 'École', en: 'School' },
  roleBOARD: { fr: 'Conseil scolaire', en: 'Board' },
  roleADMIN: { fr: 'Administrateur', en: 'Administrator' },
  board: { fr: 'Conseil scolaire', en: 'Board' },
  school: { fr: 'École', en: 'School' },
  state: { fr: 'État', en: 'State' },
  active: { fr: 'Actif', en: 'Active' },
  disabled: { fr: 'Désactivé', en: 'Disabled' },
  locked: { fr: 'Verrouillé', en: 'Locked' },
  disable: { fr: 'Désactiver', en: 'Disable' },
  enable: { fr: 'Activer', en: 'Enable' },
  resetPassword: { fr: 'Réinitialiser le mot de passe', en: 'Reset password' },
  newPassword: { fr: 'Nouveau mot de passe', en: 'New password' },
  addUser: { fr: 'Ajouter un utilisateur', en: 'Add a user' },
  add: { fr: 'Ajouter', en: 'Add' },
  addSchool: { fr: 'Ajouter une école', en: 'Add a school' },
  bsid: { fr: 'BSID', en: 'BSID' },
  schoolName: { fr: "Nom de l'école", en: 'School name' },
  city: { fr: 'Ville', en: 'City' },
  boardCode: { fr: 'Code du conseil', en: 'Board code' },
  boardName: { fr: 'Nom du conseil', en: 'Board name' },
  none: { fr: '—', en: '—' },
  saved: { fr: 'Enregistré.', en: 'Saved.' },
  passwordPolicy: {
    fr: 'Au moins 10 caractères, dont trois sortes parmi : minuscules, majuscules, chiffres, symboles.',
    en: 'At least 10 characters, mixing three of: lower-case, upper-case, digits, symbols.',
  },
  userAdded: { fr: "L'utilisateur {user} a été ajouté.", en: 'User {user} was added.' },
  userDisabled: { fr: "L'utilisateur {user} a été désactivé.", en: 'User {user} was disabled.' },
  userEnabled: { fr: "L'utilisateur {user} a été activé.", en: 'User {user} was enabled.' },
  passwordReset: {
    fr: 'Le mot de passe de {user} a été réinitialisé.',
    en: 'The password of {user} was reset.',
  },
  schoolAdded: { fr: "L'école {school} a été enregistrée.", en: 'School {school} was saved.' },
  roleNeedsSchool: {
    fr: 'Un utilisateur d’école doit avoir une école.',
    en: 'A school user needs a school.',
  },
  roleNeedsBoard: {
    fr: 'Un utilisateur de conseil doit avoir un conseil scolaire.',
    en: 'A board user needs a board.',
  },
  schoolFieldsMissing: {
    fr: 'Le BSID, le nom de l’école et le conseil sont obligatoires.',
    en: 'The BSID, the school name and the board are required.',
  },
} as const satisfies Record<string, { fr: string; en: string }>;

export type MessageKey = keyof typeof M;

export { frenchTypography };

const FRENCH = new Map<string, string>(
  Object.entries(M).map(([key, value]) => [key, frenchTypography(value.fr)]),
);

/** The label in the language asked, with {name} placeholders filled from vars. */
export function t(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text: string = lang === 'fr' ? FRENCH.get(key)! : M[key].en;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export const MESSAGES = M;

/** The colon after a label: « Score: » in English, « Pointage : » (non-breaking space) in French. */
export function colon(lang: Lang): string {
  return lang === 'fr' ? '\u00a0:' : ':';
}
