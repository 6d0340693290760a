using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using TtsOrchestrator.Cli.Output;
using TtsOrchestrator.Core.Serialization;
using TtsOrchestrator.Core.Specs;

namespace TtsOrchestrator.Cli.Commands;

/// <summary>`tts strategies`: every registered strategy with its spec keys, types, defaults and ranges.</summary>
internal static class StrategiesCommand
{
    public static Command Create(StrategyRegistry registry)
    {
        var command = new Command("strategies", "List every strategy with its spec keys, types, defaults and allowed values.");
        command.SetAction(parsed =>
        {
            var output = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(CommonOptions.Json))
            {
                var rows = registry.Strategies.Select(d => new
                {
                    d.Name,
                    d.Summary,
                    d.Example,
                    Keys = d.Keys.Select(k => new { k.Name, Type = k.TypeName, Default = k.Default, k.Min, k.Max, k.Choices, k.Description }),
                });
                output.WriteLine(JsonSerializer.Serialize(rows, TtsJson.Options));
                return ExitCodes.Success;
            }

            var console = ResultPrinter.ConsoleFor(output);
            foreach (var d in registry.Strategies)
            {
                var table = new Table().Border(TableBorder.Rounded)
                    .Title($"[bold]{d.Name.EscapeMarkup()}[/] — {d.Summary.EscapeMarkup()}")
                    .AddColumns("key", "type", "default", "allowed", "meaning");
                foreach (var k in d.Keys)
                    table.AddRow(k.Name, k.TypeName, SpecKey.Format(k.Default), k.Allowed.EscapeMarkup(), k.Description.EscapeMarkup());
                if (d.Example is not null) table.Caption($"e.g. {d.Example.EscapeMarkup()}");
                console.Write(table);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
