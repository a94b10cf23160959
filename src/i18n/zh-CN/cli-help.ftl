# 命令行帮助（`qlake --help`、`qlake lake import --help` 等）：按命令路径列出每个命令的简介和每个参数的说明，
# id 为 `cli-help-<路径>-about`、`cli-help-<路径>-arg-<参数>`（根命令为 `cli-help-about` 和 `cli-help-arg-<参数>`），
# 另有帮助版式中的固定用语。

## qlake

cli-help-about = 面向各省质量提升工作 Parquet 湖仓的终端仪表盘和命令行工具
cli-help-long-about =
    qlake 用内置的 DuckDB 读取由 Parquet 文件组成的湖仓（每张表一个文件夹）。不带命令运行时打开终端仪表盘。

    湖仓依次取：--lake、$QLAKE_LAKE、配置文件中的 `lake`、./sample-data，最后是 qlake 内置的示例湖仓。

    退出码：0 成功，1 查询或数据错误，2 用法错误，130 被中断。
cli-help-arg-lake = 要读取的湖仓文件夹。
cli-help-arg-engine = 仪表盘、`sql`、`query run` 和 `bench`（其中与引擎有关的测量）改用经 Arrow Flight SQL 连接的远程引擎，而不读本地湖仓：grpc://host:port 或 grpc+tls://host:port（也可在配置文件中写 `engine`；已用 Sail 测试；见 docs/remote.md）。凭据：QLAKE_ENGINE_USER 和 QLAKE_ENGINE_PASSWORD。
cli-help-arg-engine-ca = 用于验证 grpc+tls 引擎证书的 CA 证书（PEM），取代系统自带的根证书。
cli-help-arg-engine-database = 引擎上存放湖仓各表的数据库（或 catalog.database）：每张表以 NAME.table 的形式发给引擎（Doris 和 StarRocks 的 catalog、Spark 的数据库；也可在配置文件中写 `engine_database`）。
cli-help-arg-engine-dialect = 引擎使用的 SQL：`spark`（Sail、Spark；默认）或 `mysql`（Apache Doris、StarRocks）；每条语句先由 DuckDB 解析，再改写成该方言（也可在配置文件中写 `engine_dialect`）。
cli-help-arg-quiet = 成功时不输出任何提示（没有“已写入 N 行”“已导入 N 行”）：stderr 上只有警告和错误，适合脚本和定时任务。
cli-help-arg-lang = 面向读者的内容所用的语言（界面、帮助、提示和错误信息、查询的标题和说明）：zh 或 en。不指定时看配置文件中的 `lang`，再看 locale（LC_ALL、LC_MESSAGES、LANG：zh_* 为中文）；仪表盘中用 L 选定的语言优先于这两者。JSON、CSV 等供程序读取的输出在任何语言下都相同。

## qlake sql

cli-help-sql-about = 对湖仓中的表运行一条只读 SQL 语句。
cli-help-sql-arg-sql = 要运行的语句，例如 "SELECT name_en, count(*) FROM projects JOIN provinces USING (province_code) GROUP BY 1"；写 `-` 则从 stdin 读取。
cli-help-sql-arg-file = 从该文件读取语句（`-f` 指定的是输出格式）。
cli-help-sql-arg-format = table、csv、csv-excel、tsv、json、jsonl、parquet、arrow、xlsx 或 markdown（默认按 -o 文件的扩展名，否则为 table）。CSV 和 TSV 保留值的原样（单元格可能以 = + - @ 开头）；给 Excel 用请选 xlsx（文本一律不会被当作公式）或 csv-excel。
cli-help-sql-arg-bom = 供 Excel 使用的 CSV：开头加 UTF-8 字节顺序标记（BOM），以 CRLF 换行（即 csv-excel 格式），中文版 Windows 上的 Excel 能正确显示中文名称。
cli-help-sql-arg-output = 写入该文件而不输出到 stdout（要么完整写出，要么不写）。
cli-help-sql-arg-force = 输出文件已存在时覆盖。

## qlake query

cli-help-query-about = 已存查询：列出全部、查看某个查询、带参数运行。

## qlake query list

cli-help-query-list-about = 列出全部已存查询：名称、标题、参数，以及是随附的还是自定义的。
cli-help-query-list-arg-format = table（默认）、json、csv 等；json 供脚本使用。

## qlake query show

cli-help-query-show-about = 显示一个查询的说明、参数和 SQL。
cli-help-query-show-arg-name = 查询名称（见 `qlake query list`）。

## qlake query run

cli-help-query-run-about = 运行一个已存查询。
cli-help-query-run-arg-name = 查询名称（见 `qlake query list`）。
cli-help-query-run-arg-params = 参数值，写作 NAME=VALUE；有多个参数时重复本选项。
cli-help-query-run-arg-format = table、csv、csv-excel、tsv、json、jsonl、parquet、arrow、xlsx 或 markdown（默认按 -o 文件的扩展名，否则为 table）。CSV 和 TSV 保留值的原样（单元格可能以 = + - @ 开头）；给 Excel 用请选 xlsx（文本一律不会被当作公式）或 csv-excel。
cli-help-query-run-arg-bom = 供 Excel 使用的 CSV：开头加 UTF-8 字节顺序标记（BOM），以 CRLF 换行（即 csv-excel 格式），中文版 Windows 上的 Excel 能正确显示中文名称。
cli-help-query-run-arg-output = 写入该文件而不输出到 stdout（要么完整写出，要么不写）。
cli-help-query-run-arg-force = 输出文件已存在时覆盖。

## qlake lake

cli-help-lake-about = 查看、检查、生成、构建湖仓或向其中导入数据；向远程引擎声明湖仓。

## qlake lake info

cli-help-lake-info-about = 列出各表及其文件数、行数（含真实行与合成行）和大小。
cli-help-lake-info-arg-format = table、csv、csv-excel、tsv、json、jsonl、parquet、arrow、xlsx 或 markdown（默认按 -o 文件的扩展名，否则为 table）。CSV 和 TSV 保留值的原样（单元格可能以 = + - @ 开头）；给 Excel 用请选 xlsx（文本一律不会被当作公式）或 csv-excel。
cli-help-lake-info-arg-bom = 供 Excel 使用的 CSV：开头加 UTF-8 字节顺序标记（BOM），以 CRLF 换行（即 csv-excel 格式），中文版 Windows 上的 Excel 能正确显示中文名称。
cli-help-lake-info-arg-output = 写入该文件而不输出到 stdout（要么完整写出，要么不写）。
cli-help-lake-info-arg-force = 输出文件已存在时覆盖。

## qlake lake check

cli-help-lake-check-about = 按数据规范检查每个文件；有任何不符时以退出码 1 结束。

## qlake lake generate

cli-help-lake-generate-about = 在空文件夹或新文件夹中生成任意规模的合成湖仓（表结构相同，结果确定）。
cli-help-lake-generate-arg-out = 要创建的文件夹。
cli-help-lake-generate-arg-enterprises = 企业数量（最大的一张表）。
cli-help-lake-generate-arg-seed = 填充各行数据的算法所用的种子。

## qlake lake init

cli-help-lake-init-about = 新建自己的湖仓：写入数据规范中的每张表（空表，带表结构）、31 个省，以及所指定省份的市。
cli-help-lake-init-arg-dir = 新的或空的文件夹。
cli-help-lake-init-arg-cities = 同时写入该省（如 CN-ZJ）的地级行政区划，取自内置的全国区划表（国家统计局 2023 年区划代码；可重复）。
cli-help-lake-init-arg-tables = 本湖仓用到的规范中的表，例如 `--tables programs,projects,chains`（参照表由 init 填好）；其余的表列在 `_unused-tables.txt` 中，为空时 `lake check` 只作提示，不算错误。不指定时用全部表。

## qlake lake add-source

cli-help-lake-add-source-about = 登记一份来源文件：写入它在 `sources` 表中的一行并保存原文，真实记录的引文将据此核对。
cli-help-lake-add-source-arg-dir = 湖仓文件夹。
cli-help-lake-add-source-arg-file = 来源文件的原文（.txt 或 .md，UTF-8）；真实记录的引文要与它逐字核对。
cli-help-lake-add-source-arg-id = 来源编号（默认由文件名生成，并会输出）。
cli-help-lake-add-source-arg-title = 来源文件发布时的标题。
cli-help-lake-add-source-arg-title-en = 英文标题（默认与标题相同）。
cli-help-lake-add-source-arg-publisher = 发布单位。
cli-help-lake-add-source-arg-date = YYYY-MM-DD，或已知的日期信息（作为备注保存）。

## qlake lake import

cli-help-lake-import-about = 把一个文件中的行导入一张表，每行都按数据规范、湖仓和来源文件核对；要么全部导入，要么都不导入。
cli-help-lake-import-arg-dir = 湖仓文件夹。
cli-help-lake-import-arg-table = 接收这些行的规范中的表（如 projects、ratings、enterprises）。
cli-help-lake-import-arg-file = 列名与数据规范一致的 .csv、.tsv、.xlsx、.json、.jsonl 或 .parquet 文件：须为普通文件，大小不超过 64 GiB（CSV、TSV、Parquet）、32 MiB（JSON、JSONL）或 256 MiB（XLSX）；可用 QLAKE_IMPORT_MAX_BYTES 另设上限。
cli-help-lake-import-arg-map = 文件中的 THEIRS 列即数据规范中的 COLUMN 列（可重复）。
cli-help-lake-import-arg-units = 以万元或亿元（或元）计的金额列，换算成元（可重复），例如 --unit amount_yuan=万元。
cli-help-lake-import-arg-synthetic = 文件中没有 is_synthetic 列时，将这些行作为合成记录（为补足公布总数而生成）。
cli-help-lake-import-arg-dry-run = 做全部检查并显示将要添加的行，不写入任何内容。
cli-help-lake-import-arg-sheet = 读取 .xlsx 文件中的哪张工作表（默认第一张）。
cli-help-lake-import-arg-encoding = 非 UTF-8 的 CSV、TSV 或 JSON 文件的编码：gbk（中文系统上 Excel 保存 CSV 所用的编码）、gb18030、big5、utf-16le 等。
cli-help-lake-import-arg-allow-unreconciled = 即使加入这些行后某条湖仓规则（如核对）不通过，也照常导入；WHY（理由）记入导入日志。
cli-help-lake-import-arg-short-quotes = 允许导入引文过短（不足一句，即少于 8 个字符）的真实记录；WHY（理由）记入日志。
cli-help-lake-import-arg-unquoted-figures = 允许导入引文中没有写出的数字（指标值、金额）；WHY（理由）记入日志。

## qlake lake undo

cli-help-lake-undo-about = 从湖仓中撤销一次导入（删除其文件和记录）。
cli-help-lake-undo-arg-dir = 湖仓文件夹。
cli-help-lake-undo-arg-id = 导入编号，即 `lake info` 列出的编号。
cli-help-lake-undo-arg-force = 即使湖仓中仍有记录引用这次导入带来的行，或这次导入由旧版 qlake 记录、没有文件大小和哈希值，也照样撤销（只会删除导入时写入的文件）。

## qlake lake declare

cli-help-lake-declare-about = 输出远程引擎读取对象存储上本湖仓副本所需的表定义（Spark SQL：Sail、Spark；见 docs/remote.md），每张表一条语句，交给引擎管理员执行。
cli-help-lake-declare-arg-location = 湖仓文件夹复制到的位置，例如 s3://bucket/lake：每张表从 LOCATION/<table> 读取。

## qlake lake build-sample

cli-help-lake-build-sample-about = 用可审阅的源文件（lake-src/sample.sql 和种子文本）重建示例湖仓。
cli-help-lake-build-sample-arg-src = 存放 sample.sql 和 seeds/ 的文件夹。
cli-help-lake-build-sample-arg-out = 要写入（或重写）的湖仓文件夹。

## qlake tui

cli-help-tui-about = 打开终端仪表盘（默认命令），或在无终端模式下操作并输出最后一屏。
cli-help-tui-arg-headless = 不用终端运行：逐个输入 --keys 给出的按键，每个按键后等全部查询运行完，最后输出屏幕内容。
cli-help-tui-arg-size = --headless 的屏幕尺寸，写作 WIDTHxHEIGHT。
cli-help-tui-arg-keys = --headless 的按键，例如 "j j <enter> <esc>"：<name> 表示一个按键（<enter>、<c-r>、<f5>、<tab>），其余的词原样键入。

## qlake bench

cli-help-bench-about = 在同一份数据上一次对比 qlake 与 DuckDB 的性能，输出 Markdown 表格（见 docs/performance.md）。
cli-help-bench-arg-quick = 冒烟测试：示例湖仓和一个 10 万家企业的湖仓，各运行一次。
cli-help-bench-arg-runs = 每项测量的运行次数（表中为中位数）；下钻步骤与远程引擎各行至少运行 9 次，除非只要求 1 次。
cli-help-bench-arg-work-dir = 生成的基准测试湖仓在多次运行之间的存放位置（默认：qlake 的缓存文件夹）。
cli-help-bench-arg-exports-dir = 导出类测量写文件的位置，qlake 和 DuckDB 都写在这里（默认：工作文件夹）。用内存文件夹（/dev/shm）比较的是写入程序本身，不受磁盘在多次数 GB 写入之间性能波动的影响；需能容纳一个文件（1 亿规模时约 12 GB）。
cli-help-bench-arg-scale = 全国规模：在生成的 1 亿家企业湖仓上（只生成一次，约 4 分钟）进行除导入外的全部测量（冷启动、打开、下钻、翻页、导出），计时生成和检查 1 亿规模湖仓，并在同一次运行中测量示例、100 万和 1000 万湖仓上的下钻。
cli-help-bench-arg-only = 只运行一组测量：`imports`（从 CSV 导入 100 万和 1000 万湖仓的企业表，以及内存占用）、`drill`（示例、100 万和 1000 万湖仓上的冷启动和下钻；加 `--scale 100m` 时也包括 1 亿湖仓）、`remote`（需 --engine：在引擎上运行总览图块和下钻查询，并与直连客户端对比）或 `peers`（Harlequin、VisiData 和 DuckDB CLI 与 qlake 首屏的对比，即 `--peers` 所加的各项）。
cli-help-bench-arg-duckdb-cli = 整进程测量所用的 DuckDB CLI（默认：scripts/ensure-tools 安装在 qlake 缓存中的那个，否则用 PATH 上的 `duckdb`）。
cli-help-bench-arg-flight-client = 装有 pyarrow 和 adbc-driver-flightsql 的 Python，作为 `--only remote` 的直连客户端（默认：scripts/testbed install 建立的测试环境中的 Python）。
cli-help-bench-arg-peers = 在同一次运行中、qlake 各项之后加测同类工具：在 tmux（120x40）中让 Harlequin、VisiData 和 DuckDB CLI 与 qlake 首屏对比，本次运行的每个湖仓都测；缺少 Harlequin 或 VisiData 时会安装到 qlake 的缓存中。

## qlake completions

cli-help-completions-about = 输出 shell 补全脚本。
cli-help-completions-arg-shell = bash、zsh、fish、elvish 或 powershell。

## 版式用语

cli-help-usage = 用法：
cli-help-options = 选项
cli-help-arguments = 参数
cli-help-commands = 命令
cli-help-flag-help = 显示帮助
cli-help-flag-version = 显示版本
cli-help-command-help = 显示本帮助或指定子命令的帮助
cli-help-values = （可选值：{ $values }）
cli-help-default = （默认：{ $value }）
cli-help-env = （环境变量：{ $name }）

# clap 的用法错误（英文由 clap 自己说）。
cli-error-unknown-argument = 无法识别的参数 '{ $arg }'
cli-error-unknown-subcommand = 没有 '{ $name }' 这个子命令
cli-error-missing = 缺少必需的参数：{ $args }
cli-error-invalid-value = '{ $arg }' 的值 '{ $value }' 无效（可选值：{ $valid }）
cli-error-value = '{ $arg }' 的值 '{ $value }' 无效：{ $why }
cli-error-conflict = 参数 '{ $arg }' 不能与 '{ $other }' 同时使用
cli-error-did-you-mean = 提示：相近的有 '{ $name }'
cli-error-see-help = 更多信息请运行 '--help'。
