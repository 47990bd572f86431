using System.CommandLine;
using ExtProcRouter.IntentModel.Encoder;

namespace ExtProcRouter.Cli;

/// <summary><c>extproc-router convert-encoder [--int8] [--source DIR] [--output FILE]</c>: TF.js USE-Lite -> ONNX, skipped when up to date.</summary>
public static class ConvertEncoderCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "The TF.js model folder.", DefaultValueFactory = _ => EncoderConverter.DefaultSourceDirectory };
        var output = new Option<string>("--output") { Description = "The ONNX file to write.", DefaultValueFactory = _ => EncoderConverter.DefaultOutputPath };
        var int8 = new Option<bool>("--int8") { Description = "Quantize the dense layers to int8 (smaller, faster, slightly less exact)." };
        var force = new Option<bool>("--force") { Description = "Convert even when the output is newer than the source." };
        var command = new Command("convert-encoder", "Convert the Universal Sentence Encoder Lite (TF.js) into the ONNX encoder.") { source, output, int8, force };
        command.SetAction(parse =>
        {
            var from = parse.GetValue(source)!;
            var to = parse.GetValue(output)!;
            if (!File.Exists(Path.Combine(from, "model.json")))
            {
                Console.Error.WriteLine($"convert-encoder: {from} holds no TF.js model (run `make setup`).");
                return 2;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(to))!);
            var precision = parse.GetValue(int8) ? EncoderPrecision.Int8 : EncoderPrecision.Float32;
            if (parse.GetValue(force)) EncoderConverter.Convert(from, to, precision);
            else if (!EncoderConverter.ConvertIfStale(from, to, precision))
            {
                Console.WriteLine($"{to} is up to date.");
                return 0;
            }
            Console.WriteLine($"Wrote {to} ({new FileInfo(to).Length / 1024 / 1024} MiB, {precision}).");
            return 0;
        });
        return command;
    }
}
