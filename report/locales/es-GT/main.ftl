# Mensajes de los informes públicos del plan, en español de Guatemala.
#
# Cada mensaje existe también en ../en/main.ftl, con las mismas variables (una
# prueba lo comprueba). Los textos del plan no están aquí: se citan tal como el
# plan los escribe. Las variables llegan ya formateadas (números, fechas,
# porcentajes) salvo $count, un entero que elige el plural. Un año se pasa como
# texto, para que no lleve separador de miles.

## Documentos

doc-annual-title = Informe de avance anual { $year }
doc-evaluation-title = Evaluación bianual { $period }
doc-final-evaluation-title = Evaluación final { $period }
doc-plan-verbatim-note = Los textos del plan se citan tal como el plan los escribe.

## Portada

cover-year = Año { $year }
cover-period = Período: { $period }
cover-known-on = Datos conocidos al { $date }
cover-as-of = Situación al { $date }
cover-coordinator = Coordinación
cover-fingerprints = Huellas SHA-256 de los datos de este informe
cover-fingerprint-plan = Plan
cover-fingerprint-ledger = Registro de datos
cover-fingerprint-config = Configuración
cover-reproduce = Con el mismo plan, el mismo registro de datos y la misma configuración, cualquier persona obtiene este mismo documento.
toc-title = Contenido
page-label = Página

## Resumen ejecutivo

summary-title = Resumen ejecutivo
summary-plan-score = Puntaje del plan
summary-band = Semáforo
summary-change = Cambio desde { $year }
summary-transitions = Cambios de semáforo
summary-transition = { $node }: de { $before } a { $after }
summary-no-transitions = Ningún eje cambió de semáforo.
summary-actions-by-status = Acciones por estado
summary-top-alerts = Alertas principales

## El plan y el método

method-title = El plan y el método
method-plan-in-numbers = El plan en cifras
method-scoring = Cómo se calcula el puntaje
method-missing-data = Datos faltantes
method-disclosure = Protección de datos sensibles
count-axes = { $count ->
    [one] { $count } eje
   *[other] { $count } ejes
}
count-lines = { $count ->
    [one] { $count } línea de intervención
   *[other] { $count } líneas de intervención
}
count-goals = { $count ->
    [one] { $count } meta
   *[other] { $count } metas
}
count-actions = { $count ->
    [one] { $count } acción estratégica
   *[other] { $count } acciones estratégicas
}
count-indicators = { $count ->
    [one] { $count } indicador
   *[other] { $count } indicadores
}
count-institutions = { $count ->
    [one] { $count } institución responsable
   *[other] { $count } instituciones responsables
}

## Niveles del plan y capítulos por eje

level-plan = Plan
level-axis = Eje
level-line = Línea de intervención
level-goal = Meta
level-action = Acción estratégica
level-indicator = Indicador
level-plazo = Plazo
axis-label = Eje { $number }
axis-score = Puntaje del eje
coverage = Cobertura
milestones-due = Hitos vencidos o por vencer
text-indicators = Indicadores descriptivos
text-indicators-note = Los indicadores descriptivos se informan en forma narrativa y no reciben puntaje.

## Columnas de tablas

col-id = Código
col-text = Descripción
col-plazo = Plazo
col-responsible = Entidad responsable
col-status = Estado
col-band = Semáforo
col-score = Puntaje
col-baseline = Línea de base
col-target = Meta
col-on-track-target = Meta a la fecha
col-value = Valor
col-achievement = Logro
col-period = Período
col-institution = Institución
col-year = Año
col-month = Mes
col-count = Número
col-due = Vence
col-start = Inicio
col-end = Fin
col-rank = Posición

## Semáforo

band-green = verde
band-yellow = amarillo
band-red = rojo
band-none = sin puntaje
band-green-meaning = avance según lo programado
band-yellow-meaning = avance parcial
band-red-meaning = avance insuficiente
band-none-meaning = sin datos suficientes para calcular el puntaje
band-threshold = { $band } desde { $value }

## Estado de las acciones, indicadores e hitos

status-completed = cumplida
status-in-progress = en ejecución
status-overdue = atrasada
status-not-started = no iniciada
status-scored = con puntaje
status-pending = pendiente
status-no-target = sin meta
status-text = descriptivo
milestone-on-time = cumplido a tiempo
milestone-late = cumplido con atraso
milestone-overdue = vencido
milestone-pending = pendiente

## Instituciones y entrega de informes

institutions-title = Instituciones
institutions-ranking = Instituciones según su puntaje
reporting-title = Entrega de informes
reporting-monthly = mensual
reporting-semiannual = semestral
reporting-annual = anual
reporting-expected = Esperados
reporting-on-time = a tiempo
reporting-late = tarde
reporting-missing = no presentado
reporting-not-due = aún no vence
reporting-rate = Tasa de entrega
reporting-timeliness = Puntualidad
reporting-missing-list = Informes no presentados
reporting-late-list = Informes presentados tarde
period-semester = { $half ->
    [1] primer
   *[2] segundo
} semestre de { $year }

## Víctimas y respuesta del Estado

victims-title = Víctimas y respuesta del Estado
dim-sexo = Sexo
dim-edad = Edad
dim-etnia = Pueblo de pertenencia
dim-departamento = Departamento
dim-municipio = Municipio
value-total = Total
value-confidential = confidencial
value-no-data = sin dato
disclosure-note = Las cifras marcadas como «confidencial» no se publican, para proteger la identidad de las víctimas; los totales publicados no permiten deducirlas.

## Verificación complementaria y auditoría social

audit-title = Verificación complementaria y auditoría social
audit-discrepancies = Diferencias entre la cifra oficial y la verificación
audit-consistency = Notas de consistencia
audit-none = No se encontraron diferencias.
col-official = Cifra oficial
col-verification = Verificación
col-difference = Diferencia

## Desafíos

challenges-title = Desafíos
alert-overdue-milestone = Hito vencido: { $node }
alert-red-axis = Eje en rojo: { $node }
alert-missing-reports = { $institution }: { $count ->
    [one] { $count } informe no presentado
   *[other] { $count } informes no presentados
}
alert-no-data = Indicador sin datos: { $node }

## Evaluación bianual

evaluation-start-end = Inicio y fin del período
evaluation-transitions = Cambios de semáforo en el período
evaluation-window-targets = Metas del período
evaluation-milestones = Hitos del período
evaluation-reporting-trend = Entrega de informes en el período
evaluation-data-gaps = Vacíos de datos
evaluation-recommendations = Seguimiento de las recomendaciones de la evaluación anterior
evaluation-from-to = Del { $start } al { $end }
evaluation-no-start = El período empieza con el plan: no hay situación inicial que comparar.
evaluation-start-score = Puntaje al inicio
evaluation-end-score = Puntaje al final
col-change = Cambio
evaluation-window-targets-none = Ningún indicador tiene metas del período completo.
evaluation-milestones-none = Ningún hito vence en el período ni está vencido.
evaluation-data-gaps-none = Toda meta que venció en el período tiene datos.
evaluation-previous = Recomendaciones de la evaluación { $period } y su último seguimiento informado al cierre del período.
evaluation-no-recommendations = No hay recomendaciones registradas de la evaluación { $period }.
evaluation-final-recommendations = Recomendaciones de todas las evaluaciones del plan y su último seguimiento informado al cierre del período.
follow-up-none = sin seguimiento informado
recommendation-not-started = no iniciada
recommendation-in-progress = en proceso
recommendation-implemented = implementada

## Informe anual y evaluación bianual

cover-release = Publicación { $release }
summary-previous-score = Puntaje del plan al cierre de { $year }
method-scoring-text = Cada indicador se compara con su meta: el logro es el avance desde la línea base hacia la meta (de 0 % a 100 %), y en las metas del período completo, hacia la meta que correspondería a la fecha. El puntaje de un indicador es el promedio de sus logros; el de una acción, meta, línea, eje o del plan, el promedio ponderado de los puntajes de sus partes que tienen puntaje. Un hito cumplido a tiempo vale 100 %, cumplido tarde { $late } y vencido 0 %. El semáforo es verde desde { $green }, amarillo desde { $yellow } y rojo por debajo.
method-ranking-text = Una institución entra en la clasificación cuando al menos { $coverage } de sus acciones tienen puntaje; las demás se listan aparte, por falta de datos.
method-missing-zero = Una meta vencida sin ningún dato cuenta como 0 %: la falta de información no mejora el puntaje.
method-missing-not-scored = Una meta vencida sin ningún dato no recibe puntaje y no entra en los promedios.
method-knowledge-date = Solo cuentan los datos registrados hasta el { $date }.
method-grace-days = { $count ->
    [one] Un informe vence { $count } día después del fin de su período.
   *[other] Un informe vence { $count } días después del fin de su período.
}
method-disclosure-text = Las cifras de víctimas menores de { $k } no se publican, ni las que permitirían deducirlas; una auditoría comprueba que ninguna cifra confidencial pueda calcularse a partir de las publicadas.
results-caption = Resultados del indicador { $indicator }
results-none = Sin metas ni datos hasta la fecha.
note-scored = con puntaje
note-not-due = aún no vence
note-no-month-ended = aún sin meses cumplidos
note-no-data-scored-zero = sin datos (cuenta 0 %)
note-no-data-not-scored = sin datos (sin puntaje)
milestones-none = Ningún hito vence en el año ni está vencido.
text-indicators-none = Este eje no tiene indicadores narrativos.
reporting-of-year = Informes de los períodos de { $year }
reporting-none = Ninguno.
victims-none = No hay datos sensibles registrados para { $year }.
challenges-none = No hay alertas.
annex-disclosure-counts = Publicación { $release } (umbral { $k }): { $values } cifras, { $published } publicadas y { $confidential } confidenciales.
annex-downloads-how = Los valores públicos de la publicación { $release }, los mismos que muestra este informe, van dentro del documento: cada enlace guarda un archivo sin conexión a la red.
dim-entidad = Institución
dim-periodo = Período
dim-institucion = Institución

## Anexos

annex-title = Anexos
annex-indicators = Tabla completa de indicadores
annex-data-notes = Notas sobre los datos
annex-institutions = Registro de instituciones
annex-disclosure-audit = Resumen del control de divulgación
annex-downloads = Los mismos datos en CSV, JSON y SDMX-CSV

## Gráficas

chart-data-table = Datos de la gráfica
chart-as-of = Al { $date }
chart-axis-scores-title = Puntaje por eje
chart-axis-scores-desc = Barras horizontales con el puntaje de cada eje, de 0 % a 100 %. Las líneas verticales marcan los umbrales del semáforo. Cada barra lleva su semáforo en palabra y en figura: círculo verde, triángulo amarillo, cuadrado rojo.
chart-status-title = Acciones estratégicas por estado
chart-status-desc = Barras apiladas con el número de acciones cumplidas, en ejecución, atrasadas y no iniciadas.
chart-reporting-title = Entrega de informes por institución y mes
chart-reporting-desc = Cuadrícula de instituciones por meses: cada celda dice si el informe se entregó a tiempo, tarde, no se presentó o aún no vence.
chart-plazos-title = Plazos de las acciones estratégicas
chart-plazos-desc = Cada barra va del primer al último año del plazo; la línea vertical marca la fecha de este informe.
chart-trend-title = Puntaje año por año
chart-trend-desc = Línea del puntaje al cierre de cada año; un año sin puntaje interrumpe la línea.

## Columnas de las tablas
#
# Un mensaje por cada clave de etiqueta de las tablas del núcleo
# (seguimiento::Column::label): el informe de texto y la vista de Python nombran
# las columnas con estas palabras.

column-accumulation = Acumulación
column-achieved-on = Fecha de logro
column-action = Acción estratégica
column-actions = Acciones
column-aliases = Otras siglas
column-as-of = Fecha de corte
column-recommendation = Recomendación
column-on = Fecha
column-due = Plazo de cumplimiento
column-issued-on = Emitida el
column-evaluation = Evaluación
column-id = Identificador
column-report-status = Estado del informe
column-known-on = Conocido al
column-days-late = Días de retraso
column-due-on = Vence el
column-standing = Situación
column-rank = Posición
column-axis = Eje
column-band = Semáforo
column-baseline = Línea base
column-cell = Desagregación
column-cell-count = Número de celdas
column-cells-sum = Suma de las celdas
column-classification-reason = Motivo de la clasificación
column-code = Código del problema
column-corrected = Texto corregido
column-coverage = Cobertura
column-description = Descripción
column-dimensions = Desagregaciones
column-end-year = Año final
column-entities = Entidades responsables
column-entity = Entidad
column-entity-kind = Tipo de entidad
column-entity-name = Nombre de la entidad
column-expected = Esperados
column-field = Campo
column-frequency = Frecuencia
column-from-year = Desde el año
column-goal = Meta
column-goals = Metas
column-indicator = Indicador
column-indicators = Indicadores
column-late = Tardíos
column-level = Nivel
column-line = Línea de intervención
column-lines = Líneas de intervención
column-measure = Medida
column-members = Integrantes
column-missing = Faltantes
column-missing-periods = Períodos faltantes
column-node = Código
column-official-value = Cifra oficial
column-on-time = A tiempo
column-overdue-actions = Acciones vencidas
column-parent-entity = Entidad superior
column-parent-node = Nivel superior
column-period = Período
column-plazo = Plazo
column-plazo-label = Plazo según el plan
column-plazo-labels = Plazos
column-plazos = Plazos
column-reason = Motivo
column-record-index = Registro
column-record-kind = Tipo de registro
column-recorded-on = Fecha de registro
column-report-kind = Tipo de informe
column-reported-total = Total informado
column-reporting-rate = Tasa de entrega
column-responsible = Responsables según el plan
column-score = Puntaje
column-scored-actions = Acciones con puntaje
column-sensitive = Dato sensible
column-source = Fuente
column-start-year = Año inicial
column-stated-years = Años indicados
column-status = Estado
column-submitted-on = Fecha de entrega
column-target-value = Valor de la meta
column-text = Texto
column-timeliness = Puntualidad
column-to-year = Hasta el año
column-value = Valor
column-verification-value = Verificación
column-weight = Peso

## Vista en el cuaderno (_repr_html_ de Python)

display-scorecard = Cuadro de mando { $plan } al { $date }
display-plan-score = plan { $score }
display-overdue-count = { $count ->
    [one] { $count } acción vencida
   *[other] { $count } acciones vencidas
}
display-coordinator = coordinador { $entity }
display-axes = Ejes
display-entities = Entidades
display-rankings = Clasificaciones
display-overdue-actions = Acciones vencidas
display-none = ninguna
display-more-rows = { $count ->
    [one] … { $count } fila más no se muestra
   *[other] … { $count } filas más no se muestran
}
display-scored-of = { $scored } de { $total }
display-public = Publicación { $release } de { $plan } al { $date }
display-public-counts = k = { $k } · { $values } valores: { $published } publicados, { $confidential } confidenciales
display-public-narrowest = intervalo más estrecho de un valor confidencial: { $name } en [{ $lower }, { $upper }]

## Informe de texto (el ejemplo report del núcleo)

text-scorecard-as-of = Cuadro de mando al { $date }
text-scorecard-as-known-on = Cuadro de mando al { $date }, según lo conocido al { $known }
text-rankings-institutions = Instituciones según su puntaje (clasificadas con al menos { $coverage } de sus acciones puntuadas)
text-rankings-groups = Grupos según su puntaje (clasificados con al menos { $coverage } de sus acciones puntuadas)
text-ledger = Registro { $name }: { $targets } metas, { $observations } observaciones, { $milestones } hitos, { $submissions } informes entregados, { $obligations } obligaciones
text-plan = PLAN
text-of-actions-scored = de las acciones con puntaje
text-overdue-actions = Acciones vencidas ({ $number })
text-reports-due-by = informes con vencimiento hasta el { $date }
text-reports-not-on-time = Informes tardíos o faltantes ({ $number })
text-reports-more = … { $rest } más (la tabla reporting_detail los tiene todos)
text-consistency-note = totales que difieren de la suma de sus celdas (cuenta el total)
text-footer = { $scored } de { $nodes } nodos con puntaje; { $actions } acciones. Detalle completo: --format json.

## Valores de las clasificaciones y del detalle de informes

standing-ranked = clasificada
standing-insufficient-data = datos insuficientes
rank-group-institution = institución
rank-group-group = grupo
report-status-on-time = a tiempo
report-status-late = tardío
report-status-missing = faltante
