// An ASP.NET Core minimal API (the "todo" tutorial), documented the way each package's own README sets it up; one
// chosen per run. Run: dotnet AspNetCoreApis.dll <swashbuckle|nswag|scalar> PORT
// The environment (ASPNETCORE_ENVIRONMENT) is ASP.NET Core's own switch: Development shows the developer exception page.
using Scalar.AspNetCore;

var mode = args.Length > 0 ? args[0] : "swashbuckle";
var port = args.Length > 1 ? args[1] : "5000";
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
builder.Logging.ClearProviders();

switch (mode)
{
    case "swashbuckle":
        // https://learn.microsoft.com/aspnet/core/tutorials/getting-started-with-swashbuckle
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen();
        break;
    case "nswag":
        // https://learn.microsoft.com/aspnet/core/tutorials/getting-started-with-nswag
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddOpenApiDocument();
        break;
    case "scalar":
        // https://learn.microsoft.com/aspnet/core/fundamentals/openapi/aspnetcore-openapi and Scalar's README
        builder.Services.AddOpenApi();
        break;
    default:
        throw new ArgumentException($"unknown mode {mode}");
}

var app = builder.Build();
switch (mode)
{
    case "swashbuckle": app.UseSwagger(); app.UseSwaggerUI(); break;
    case "nswag": app.UseOpenApi(); app.UseSwaggerUi(); break;
    case "scalar": app.MapOpenApi(); app.MapScalarApiReference(); break;
}

var todos = new List<Todo> { new(1, "Walk the dog", false), new(2, "Do the dishes", true) };
var api = app.MapGroup("/api/todos");
api.MapGet("/", () => todos);
api.MapGet("/{id}", (int id) => todos.FirstOrDefault(t => t.Id == id) is { } t ? Results.Ok(t) : Results.NotFound());
api.MapPost("/", (Todo todo) => { todos.Add(todo); return Results.Created($"/api/todos/{todo.Id}", todo); });
api.MapDelete("/{id}", (int id) => todos.RemoveAll(t => t.Id == id) > 0 ? Results.NoContent() : Results.NotFound());
// A report that fails on the server: what the developer exception page shows in Development.
app.MapGet("/api/report", (string? month) => Results.Ok(new { month, total = todos.Count / int.Parse(month ?? "0") }));
app.Run();

internal sealed record Todo(int Id, string Title, bool Done);
